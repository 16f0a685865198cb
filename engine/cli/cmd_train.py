"""python main.py train PROJECT [--as-of DATE] [--horizon WEEKS] [--models customers,segments,decay,migration,transfer]
   python main.py backtest PROJECT [--as-of DATE] [--horizon WEEKS]"""

from __future__ import annotations

import argparse
import json

from engine.cli.common import CliError, add_common, emit, project_for
from engine.jobs import SubProgress
from engine.models import registry

DEFAULT_MODELS = "customers,segments,decay,migration,transfer"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="train models as of a date (default: the end of the data)")
    p.add_argument("project")
    p.add_argument("--as-of", default=None, help="YYYY-MM-DD; history before it trains, after it is the future")
    p.add_argument("--models", default=DEFAULT_MODELS, help=f"comma-separated (default {DEFAULT_MODELS})")
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
    b.add_argument("--models", default=",".join(registry.BACKTEST), help="comma-separated")
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


def _with_horizon(name: str, params: dict, horizon: int | None) -> dict:
    """--horizon sets every model's ``horizon_weeks`` (an explicit --params value wins)."""
    if horizon is None:
        return params
    return {"horizon_weeks": horizon, **params}


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


def _params_for(name: str, params: dict, table: dict[str, str]) -> dict:
    """--params is either per model ({"migration": {"epochs": 5}}) or, flat, for every model."""
    if params and set(params) <= set(table):
        return dict(params.get(name, {}))
    return params


def _run_all(args: argparse.Namespace, table: dict[str, str], verb: str, progress, cancel) -> None:
    names = [m.strip() for m in args.models.split(",") if m.strip()]
    unknown = [m for m in names if m not in table]
    if unknown:
        raise CliError(f"Unknown model {', '.join(unknown)}; choose from {', '.join(table)}")
    params = _params(args)
    results, lines = [], []
    with project_for(args.project) as project:
        for i, name in enumerate(names):
            fn = registry.resolve(table, name)
            sub = SubProgress(progress, i, i + 1, total=len(names))
            model_params = _with_horizon(name, _params_for(name, params, table), getattr(args, "horizon", None))
            result = fn(project, as_of=args.as_of, params=model_params, progress=sub, cancel=cancel)
            results.append(result.to_dict())
            lines.append(f"{name}: run {result.run_id} {verb}" + (f" — {result.message}" if result.message else ""))
            for key, value in sorted(result.metrics.items()):
                if isinstance(value, (int, float, str)):
                    lines.append(f"  {key}: {value:.4f}" if isinstance(value, float) else f"  {key}: {value}")
    emit(args, {"project": args.project, "runs": results}, lines)


def run_train(args: argparse.Namespace, progress, cancel) -> None:
    _run_all(args, registry.TRAIN, "trained", progress, cancel)


def run_backtest(args: argparse.Namespace, progress, cancel) -> None:
    _run_all(args, registry.BACKTEST, "backtested", progress, cancel)
