"""python main.py campaign PROJECT (--category NAME | --target lapsing|high-value) [--min-score X] [--size N] [--tier NAME]
                        [--control FRACTION] [--seed N] --out FILE.csv|.xlsx [--json]

Builds the list as the Campaigns page does, saves it in the project and exports it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib

from cli.common import CliError, add_common, emit, project_for


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("campaign", help="build, save and export a campaign list")
    p.add_argument("project")
    p.add_argument("--category", default=None, help="the category customers should shift into")
    p.add_argument("--target", choices=["category", "lapsing", "high-value"], default=None,
                   help="lapsing: repeat buyers likely to lapse; high-value: highest expected spend "
                        "(both from the customers model; no --category)")
    p.add_argument("--out", required=True, help="FILE.csv (UTF-8 with BOM) or FILE.xlsx")
    p.add_argument("--name", default="", help="the campaign's name (default: category, date and number)")
    p.add_argument("--min-score", type=float, default=None, help="keep shift scores of at least X (0..1)")
    p.add_argument("--size", type=int, default=None, help="keep the top N scores (control group included)")
    p.add_argument("--tier", action="append", default=[], help="light, medium or heavy; repeat for several")
    p.add_argument("--cluster", type=int, action="append", default=[], help="interest cluster number; repeatable")
    p.add_argument("--min-lapse", type=float, default=None, help="lapse risk at least X (0..1)")
    p.add_argument("--max-lapse", type=float, default=None, help="lapse risk at most X (0..1)")
    p.add_argument("--control", type=float, default=0.10, help="fraction held out as control (default 0.10)")
    p.add_argument("--seed", type=int, default=1, help="seed of the control draw (default 1)")
    p.add_argument("--recent-days", type=int, default=56,
                   help="leave out who bought the category in these days (default 56; 0 keeps them)")
    p.add_argument("--keep-refund-only", action="store_true", help="keep customers whose purchases were all refunded")
    p.add_argument("--keep-active", action="store_true", help="keep customers who are in another active campaign")
    p.add_argument("--date", default=None, help="campaign date YYYY-MM-DD (default: the end of the data)")
    p.add_argument("--horizon-weeks", type=int, default=4, help="weeks after the date a purchase counts (default 4)")
    p.add_argument("--attribute", action="append", default=[], help="a customer attribute to add; repeatable")
    add_common(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, progress, cancel) -> None:
    from engine.campaigns import CampaignError, CampaignSpec, build_save_export
    from engine.export import ExportError
    from engine.read.events import categories

    date = None
    if args.date:
        try:
            date = dt.datetime.fromisoformat(args.date)
        except ValueError:
            raise CliError(f"--date {args.date!r} is not a date like 2026-06-01") from None
    tiers = [t.strip() for value in args.tier for t in value.split(",") if t.strip()]
    target = args.target or "category"
    if target == "category" and not args.category:
        raise CliError("Give --category NAME, or --target lapsing|high-value")
    if target != "category" and args.category:
        raise CliError(f"--target {target} lists customers, not a category: leave out --category")
    spec = CampaignSpec(
        category=args.category or "", target=target, name=args.name, min_score=args.min_score, tiers=tiers, clusters=args.cluster,
        min_lapse=args.min_lapse, max_lapse=args.max_lapse, suppress_recent_days=args.recent_days or None,
        suppress_refund_only=not args.keep_refund_only, suppress_active=not args.keep_active, size=args.size,
        control_fraction=args.control, seed=args.seed, campaign_date=date, horizon_weeks=args.horizon_weeks,
        attributes=args.attribute)
    with project_for(args.project) as project:
        try:
            if target == "category" and args.category not in (known := categories(project)):
                raise CliError(_no_category(args.category, known, args.project))
            result = build_save_export(project, spec, args.out, progress=progress, cancel=cancel)
        except (CampaignError, ExportError) as exc:
            raise CliError(str(exc)) from None
    c = result.campaign
    summary = {"campaign_id": c.campaign_id, "name": c.name, "category": c.category, "run_id": c.run_id,
               "campaign_date": c.campaign_date, "n_target": c.n_target, "n_control": c.n_control,
               "expected_shifters": c.expected_shifters, "out": str(result.out), "rows_written": result.rows_written}
    emit(args, summary, [
        f"Saved campaign {c.campaign_id} “{c.name}”: {c.n_target:,} targets, {c.n_control:,} in control, "
        f"{c.expected_shifters or 0:,.1f} expected "
        f"{'buyers' if target != 'category' else 'shifters'} among the targets",
        f"Wrote {result.rows_written:,} rows to {result.out}"])


def _no_category(name: str, known: list[str], project: str) -> str:
    """The one-line reason for a category the project has not, with the names nearest to it (a derived group's
    name is not what a merchandiser guesses: "milk" is "Fluid only milk")."""
    lower = {k.lower(): k for k in known}
    near = [lower[k] for k in lower if name.lower() in k]
    near += [lower[k] for k in difflib.get_close_matches(name.lower(), list(lower), n=5, cutoff=0.6)
             if lower[k] not in near]
    hint = f"; nearest: {', '.join(repr(n) for n in near[:5])}" if near else ""
    return (f"No category {name!r} in the project's events{hint}. Every category: "
            f"main.py export {project} catalog --out FILE.csv")
