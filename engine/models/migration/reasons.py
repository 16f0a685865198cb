"""The reason shown beside each shift score, composed in SQL from the evidence columns.

Composed in DuckDB rather than Python: a million customers have tens of millions
of candidate pairs, and a string per pair built in a Python loop would take minutes.
The sentences are the message templates ``reason.*`` (engine/message_templates.py): the stored
``reason`` column is English; a reader passes ``template`` to compose them in the user's
language from the same evidence columns.
"""

from __future__ import annotations

import string
from typing import Callable

from engine.messages import TEMPLATES, sql_format

#: A transfer reason quotes the lift from this value on.
TRANSFER_LIFT_QUOTED = 1.2


def _same(text: str) -> str:
    return text


def reason_sql(lookback: int, template: Callable[[str], str] = _same) -> str:
    """A SQL expression over the columns category, views_recent, bought_before, weeks_since_bought,
    from_category, from_buys, transition_lift."""
    def f(id: str, *names: str) -> str:
        return sql_format(id, names, template)

    separator = f("reason.separator")
    return f"""coalesce(nullif(concat_ws({separator},
        CASE WHEN views_recent > 0 THEN
            format({f('reason.viewed', 'category', 'views')}, category, views_recent) END,
        CASE WHEN from_category IS NOT NULL AND transition_lift >= 1.2 THEN
            format({f('reason.bought_from', 'from_category', 'buys', 'weeks')}, from_category,
                   CAST(round(from_buys) AS BIGINT), {int(lookback)}) END,
        CASE WHEN from_category IS NOT NULL AND transition_lift >= 1.2 THEN
            format({f('reason.movers', 'from_category', 'category', 'lift')}, from_category, category,
                   transition_lift) END,
        CASE WHEN bought_before > 0 THEN
            format({f('reason.bought_before', 'category', 'times', 'weeks_ago')}, category,
                   CAST(round(bought_before) AS BIGINT), weeks_since_bought) END
    ), ''), format({f('reason.no_signal', 'category')}, category))"""


def transfer_reason_sql(template: Callable[[str], str] = _same) -> str:
    """A SQL expression over category, purchases (of the cold-start customer so far) and lift."""
    def f(id: str, *names: str) -> str:
        return sql_format(id, names, template)

    # no lift: popularity shipped (the neighbours did not beat it out of sample), nobody's neighbours were asked
    why = (f"CASE WHEN lift IS NULL THEN {f('reason.transfer.popular')} "
           f"WHEN lift >= {TRANSFER_LIFT_QUOTED} THEN "
           f"format({f('reason.transfer.lift', 'category', 'lift')}, category, lift) "
           f"ELSE {f('reason.transfer.little')} END")
    return (f"CASE WHEN purchases = 0 THEN format({f('reason.transfer.visitor', 'why')}, {why}) "
            f"WHEN purchases = 1 THEN format({f('reason.transfer.customer.one', 'n', 'why')}, purchases, {why}) "
            f"ELSE format({f('reason.transfer.customer', 'n', 'why')}, purchases, {why}) END")


def transfer_lift_shown_sql(lift: str) -> str:
    """SQL of what :func:`transfer_reason_sql`'s stored (English) sentence shows of ``lift``: its text
    as the sentence formats it where it is quoted, else ''. Pairs alike in this, their category and
    their purchases have the same reason, so a writer can compose each such reason once."""
    spec = next(spec for _, name, spec, _ in string.Formatter().parse(TEMPLATES["reason.transfer.lift"])
                if name == "lift")
    return (f"CASE WHEN {lift} >= {TRANSFER_LIFT_QUOTED} THEN format('{{:{spec}}}', {lift}) "
            f"ELSE '' END")
