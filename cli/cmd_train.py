"""python main.py train PROJECT [--as-of DATE] [--horizon WEEKS] [--models NAME,...]
   python main.py backtest PROJECT [--as-of DATE] [--horizon WEEKS] [--models NAME,...]

The models and what each needs come from engine.models.registry: a new model is a new spec there.
"""

from __future__ import annotations

import argparse
import json
from contextlib import nullcontext

from cli.common import CliError, add_common, emit, project_for
from engine.models import registry
from engine.models.train_all import plan, train_all
from engine.store.errors import ProjectError


def register(sub: argparse._SubParsersAction) -> None:
    defaults = ",".join(registry.default_names())
    p = sub.add_parser("train", help="train models as of a date (default: the end of the data)")
    p.add_argument("project")
    p.add_argument("--as-of", default=None, help="YYYY-MM-DD; history before it trains, after it is the future")
    p.add_argument("--models", default=None, help=f"comma-separated (default {defaults}; on a shop without "
                                                  "categories the models that need them are skipped, and so is a "
                                                  "model the shop's history is too short or thin for, with its "
                                                  "reason; a model named here stops the command instead)")
    p.add_argument("--horizon", type=_weeks, default=None, metavar="WEEKS",
                   help="H, the weeks ahead every model predicts (default 4)")
    p.add_argument("--params", default=None,
                   help="JSON object of model parameters, per model ('{\"migration\": {\"epochs\": 5}}') "
                        "or for all")
    add_common(p)
    p.set_defaults(func=run_train)

    b = sub.add_parser("backtest", help="train as of a past date and score the following weeks")
    b.add_argument("project")
    b.add_argument("--as-of", default=None, help="YYYY-MM-DD (default: the horizon before the end of the data)")
    b.add_argument("--models", default=None, help=f"comma-separated (default {','.join(registry.backtest_names())})")
    b.add_argument("--horizon", type=_weeks, default=None, metavar="WEEKS",
                   help="H, the weeks ahead every model predicts (default 4)")
    b.add_argument("--params", default=None, help="JSON object of model parameters")
    add_common(b)
    b.set_defaults(func=run_backtest)


def _weeks(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of weeks: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("the horizon must be at least 1 week")
    return value


def _params(args: argparse.Namespace) -> dict:
    if not args.params:
        return {}
    try:
        value = json.loads(args.params)
    except json.JSONDecodeError as exc:
        raise CliError(f"--params is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise CliError("--params must be a JSON object")
    return value


def _model_params(spec: registry.ModelSpec, params: dict, horizon: int | None) -> dict:
    """--params is either per model ({"migration": {"epochs": 5}}) or, flat, for every model;
    --horizon sets ``horizon_weeks`` where the model has one (an explicit --params value wins)."""
    own = dict(params.get(spec.name, {})) if params and set(params) <= set(registry.SPECS) else dict(params)
    if horizon is not None and spec.takes_horizon():
        own = {"horizon_weeks": horizon, **own}
    spec.params_class().from_dict(own)   # every model's parameters are checked before any trains
    return own


def _run_all(args: argparse.Namespace, backtest: bool, progress, cancel) -> None:
    names = [m.strip() for m in args.models.split(",") if m.strip()] if args.models is not None else None
    params = _params(args)
    horizon = getattr(args, "horizon", None)
    verb = "backtested" if backtest else "trained"
    lines: list[str] = []
    with project_for(args.project) as project:
        try:
            specs, _skipped = plan(project, names, backtest=backtest)
        except ProjectError as exc:
            raise CliError(str(exc)) from None
        # every model's parameters are checked before any trains
        model_params = {s.name: _model_params(s, params, horizon) for s in specs}
        # the later models' libraries load beside the first ones' work (the window loads them after start-up)
        from engine.models.warmup import warmed_up_beside
        with warmed_up_beside(cancel) if len(specs) > 1 else nullcontext():
            out = train_all(project, as_of=args.as_of, models=[s.name for s in specs], params=model_params,
                            backtest=backtest, named=names is not None, progress=progress, cancel=cancel)
    out.skipped = _skipped + out.skipped
    for name, result in out.runs:
        lines.append(f"{name}: run {result.run_id} {verb}" + (f" — {result.message}" if result.message else ""))
        for key, value in sorted(result.metrics.items()):
            if isinstance(value, (int, float, str)):
                lines.append(f"  {key}: {value:.4f}" if isinstance(value, float) else f"  {key}: {value}")
    lines += [f"{s['model']}: skipped — {s['reason']}" for s in out.skipped]
    if horizon is not None:
        lines += [f"{s.name}: --horizon does not apply (it has no horizon_weeks)" for s in specs
                  if not s.takes_horizon()]
    emit(args, {"project": args.project, "runs": [r.to_dict() for _n, r in out.runs], "skipped": out.skipped},
         lines)


def run_train(args: argparse.Namespace, progress, cancel) -> None:
    _run_all(args, False, progress, cancel)


def run_backtest(args: argparse.Namespace, progress, cancel) -> None:
    _run_all(args, True, progress, cancel)
