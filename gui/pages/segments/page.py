"""The Segments page: tier cards, the clusters' category mix, tier movements; a click on any of
them lists its customers, and a click on a customer shows their history.

What it shows is the latest segmentation run (gui/pages/segments/state.py); training runs
through the model-page base, and the cards and charts fill in while it works.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QTabWidget, QVBoxLayout, QWidget

from engine.models.segments import queries
from engine.models.segments.partials import SegmentsPartial
from engine.read.paged_query import PagedQuery
from gui.i18n.engine_text import locale_number
from gui.i18n.names import tier_name
from gui.i18n.values import cluster_label, translate_columns
from gui.i18n.values import tier as tier_value
from gui.pages.model_page import ModelPage
from gui.pages.segments.k_quality import KQualityPlot
from gui.pages.segments.member_history import MemberHistory
from gui.pages.segments.stacked_bars import COLOURS, OTHER_COLOUR, StackedBars
from gui.pages.segments import state as page_state
from gui.pages.segments.state import SegmentsState
from gui.pages.segments.tier_cards import TIER_COLOURS, TierCards
from gui.widgets.sql_table_view import SqlTableView
from gui.widgets.splitter import weighted_splitter

MOVE_COLOURS = [TIER_COLOURS["light"], TIER_COLOURS["medium"], TIER_COLOURS["heavy"], "#d9d9d9"]


class SegmentsPage(ModelPage):
    title = "Segments"
    model = "segments"
    start_text = QT_TRANSLATE_NOOP("ModelPage", "Train segments")
    noun = QT_TRANSLATE_NOOP("ModelPage", "segmentation")
    as_of_tip = QT_TRANSLATE_NOOP("ModelPage", "Segment as of this date (YYYY-MM-DD); blank = the day after the "
                                               "last event")
    cancelled_text = QT_TRANSLATE_NOOP("ModelPage", "Cancelled: the previous segmentation is kept.")

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.state: SegmentsState | None = None
        self._clusters: list[dict[str, Any]] = []

        self.tiers = TierCards()
        self.tiers.tier_clicked.connect(self.show_tier)
        self.profiles = StackedBars(self.tr("Interest clusters: category mix"),
                                    x_label=self.tr("share of the cluster's activity"))
        self.profiles.segment_clicked.connect(lambda row, _part: self.show_cluster_row(row))
        self.cluster_list = QListWidget()
        self.cluster_list.setMaximumWidth(240)
        self.cluster_list.setMinimumWidth(160)
        # a long cluster name wraps in the list's width, not under a horizontal scroll bar (at 1366 pixels the list
        # is 240 wide: "Frozen pizza & frzn meat/meat dinners regulars" was cut)
        self.cluster_list.setWordWrap(True)
        self.cluster_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cluster_list.itemClicked.connect(lambda item: self.show_cluster(item.data(Qt.ItemDataRole.UserRole)))
        self.movements = StackedBars(self.tr("Tier movements"), x_label=self.tr("customers, by their tier a period ago"))
        self.movements.segment_clicked.connect(self.show_movement)

        self.members_title = QLabel(self.tr("<b>Customers</b> — click a tier, a cluster or a movement"))
        self.members = SqlTableView(self.tr("Filter customers: id, cluster or category…"),
                                    headers=queries.MEMBER_HEADERS)
        translate_columns(self.members.model, tier=tier_value, cluster=cluster_label, tier_before=tier_value,
                          tier_now=tier_value)
        self.members.row_selected.connect(self._on_member)
        self._members_title: str | None = None
        self.members.model.loaded.connect(self._title_members)
        self.history = MemberHistory()

        cluster_box = QWidget()
        cb = QHBoxLayout(cluster_box)
        cb.setContentsMargins(0, 0, 0, 0)
        cb.addWidget(self.profiles, 1)
        # the cluster list and how k was chosen: hidden for a shop whose purchases have no category (tiers only).
        # Tabs, not one above the other: the two stacked (228 pixels at the least) held the row of charts high enough
        # to leave the customer list two rows on a laptop's screen
        self.k_quality = KQualityPlot()
        self.cluster_side = QTabWidget()
        self.cluster_side.setMaximumWidth(240)
        self.cluster_side.setDocumentMode(True)
        self.cluster_side.addTab(self.cluster_list, self.tr("Clusters"))
        self.cluster_list.setToolTip(self.tr("Click a cluster to list its customers"))
        self.cluster_side.addTab(self.k_quality, QCoreApplication.translate("KQualityPlot", "How k was chosen"))
        cb.addWidget(self.cluster_side)
        charts = weighted_splitter(Qt.Orientation.Horizontal, (cluster_box, 2), (self.movements, 1))
        members_box = QWidget()
        mb = QVBoxLayout(members_box)
        mb.setContentsMargins(0, 0, 0, 0)
        self.members_title.setWordWrap(True)   # a cluster's long name beside the filter
        self.members.set_heading(self.members_title)
        mb.addWidget(self.members, 1)
        lists = weighted_splitter(Qt.Orientation.Horizontal, (members_box, 3), (self.history, 2))
        # the customer list is what a merchandiser acts on
        split = weighted_splitter(Qt.Orientation.Vertical, (charts, 4), (lists, 5))
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.controls.status)
        layout.addWidget(self.tiers)
        layout.addWidget(split, 1)
        self.reload()

    # -- the latest run ------------------------------------------------------------------------
    def read_state(self, project) -> SegmentsState | None:
        return page_state.read_state(project)

    def show_state(self, state: SegmentsState | None) -> None:
        self.state = state
        self.run = state.run if state is not None else None
        self.members.set_query(None)
        self.history.show_customer(None, None)
        self._members_title = None
        self.members_title.setText(self.tr("<b>Customers</b> — click a tier, a cluster or a movement"))
        if state is None:
            self.tiers.set_cards(None)
            self._clusters = []
            self.cluster_list.clear()
            self.k_quality.set_scores([])
            hint = (self.tr("Open a project first") if self.project is None else
                    self.tr("Reading the project…") if self.reading else
                    self.empty_hint(self.tr("No segmentation yet: click “Train segments”")))
            self.profiles.set_message(hint)
            self.movements.set_message(hint)
            self.say(self.tr("No segmentation yet: click “Train segments”.")
                     if self.project is not None and not self.reading else "")
            return
        weeks = state.params.movement_weeks
        self.tiers.set_cards(state.tier_cards, weeks)
        self._draw_movements(state.movements, weeks)
        self.cluster_side.setTabToolTip(1, state.k_rule)
        self.k_quality.set_scores(state.k_scores, chosen=state.chosen_k, rule=state.k_rule,
                                  thresholds=(state.params.min_stability, state.params.min_cluster_share))
        self.cluster_side.setVisible(not state.clusters_skipped)
        if state.clusters_skipped:
            # the reason, a long sentence, is the headline's: the chart, which cannot wrap it, says it short
            self._clusters = []
            self.cluster_list.clear()
            self.profiles.set_message(self.tr("No interest clusters: no purchase has a category"))
        else:
            self._draw_profiles(state.profiles)
        self.say(state.headline)
        self.show_tier(page_state.FIRST_TIER, state.first_members)

    # -- charts ----------------------------------------------------------------------------------
    def _draw_profiles(self, profiles: dict[str, Any]) -> None:
        clusters = sorted(profiles["clusters"], key=lambda c: (-c["size"], c["cluster"]))
        self._clusters = clusters
        shown = queries.profile_categories(clusters)
        values = np.array([[c["profile"].get(cat, 0.0) for cat in shown] for c in clusters]).reshape(
            len(clusters), len(shown))
        other = np.clip(1.0 - values.sum(axis=1, keepdims=True), 0.0, None)
        self.profiles.set_data([f"{cluster_label(c['label'])}  ({locale_number(c['size'], ',')})" for c in clusters],
                               shown + [self.tr("other")],
                               np.hstack([values, other]), COLOURS[:len(shown)] + [OTHER_COLOUR], x_max=1.0)
        self.cluster_list.clear()
        for c in clusters:
            item = QListWidgetItem(cluster_label(c["label"]) + "\n   " + self.tr("{customers} customers · {share} of revenue").format(
                customers=locale_number(c["size"], ","), share=locale_number(c["revenue_share"], ".0%")))
            item.setData(Qt.ItemDataRole.UserRole, c["cluster"])
            self.cluster_list.addItem(item)

    def _draw_movements(self, matrix: dict[str, Any], weeks: int) -> None:
        rows = [self.tr("new") if f == "new" else self.tr("was {tier}").format(tier=tier_name(f)) for f in matrix["from"]]
        self.movements.set_data(rows, [self.tr("now {tier}").format(tier=tier_name(t)) for t in matrix["to"]],
                                np.array(matrix["counts"]), MOVE_COLOURS)
        self.movements.plot.setTitle(self.tr("Tier movements: {weeks} weeks ago → now").format(weeks=weeks),
                                     size="10pt")
        self._movement_states = (matrix["from"], matrix["to"])

    def _draw_k_search(self, k_scores: Sequence[Sequence[float]]) -> None:
        params = self.started_params
        self.k_quality.set_scores(k_scores, thresholds=(params.min_stability, params.min_cluster_share))
        usable = [ks for ks in k_scores if ks[2] >= params.min_stability and ks[3] >= params.min_cluster_share]
        self.profiles.set_message(
            self.tr("Choosing the number of clusters… tried up to {k}; usable so far: {usable}").format(
                k=int(k_scores[-1][0]), usable=", ".join(str(int(ks[0])) for ks in usable) or self.tr("none"))
            if k_scores else self.tr("Choosing the number of clusters…"))

    # -- clicks -------------------------------------------------------------------------------------
    def show_tier(self, tier: str, query: PagedQuery | None = None) -> None:
        """List ``tier``'s members (``query``: the list read with the state)."""
        if self.project is None or self.run is None:
            return
        query = query or queries.members_query(self.project, self.run.run_id, tier=tier)
        self._set_members(query, self.tr("<b>{tier} tier</b> — {customers} customers, most engaged first").format(
            tier=tier_name(tier).capitalize(), customers="{customers}"))

    def show_cluster_row(self, row: int) -> None:
        if 0 <= row < len(self._clusters):
            self.show_cluster(self._clusters[row]["cluster"])

    def show_cluster(self, cluster: int) -> None:
        if self.project is None or self.run is None:
            return
        label = next((cluster_label(c["label"]) for c in self._clusters if c["cluster"] == cluster), self.tr("Cluster {n}").format(n=cluster))
        query = queries.members_query(self.project, self.run.run_id, cluster=cluster)
        self._set_members(query, self.tr("<b>{cluster}</b> — {customers} customers, most engaged first").format(
            cluster=label, customers="{customers}"))

    def show_movement(self, row: int, part: int) -> None:
        if self.project is None or self.run is None:
            return
        tier_from, tier_to = self._movement_states[0][row], self._movement_states[1][part]
        if tier_to == "lapsed":
            query = queries.lapsed_query(self.project, self.run.run_id, tier_from)
            text = self.tr("{tier} a period ago, no activity since").format(tier=tier_name(tier_from).capitalize())
        else:
            query = queries.members_query(self.project, self.run.run_id, moved=(tier_from, tier_to))
            text = (self.tr("New customers, now {tier}").format(tier=tier_name(tier_to)) if tier_from == "new" else
                    self.tr("From {before} to {now}").format(before=tier_name(tier_from), now=tier_name(tier_to)))
        self._set_members(query, self.tr("<b>{what}</b> — {customers} customers").format(
            what=text, customers="{customers}"))

    def _set_members(self, query, title: str) -> None:
        """List ``query``'s customers under ``title`` (its ``{customers}`` the list's rows, once it has counted
        them: no count of its own on the window's thread)."""
        self._members_title = title
        self.members.set_query(query)
        self._title_members()
        self.history.show_customer(None, None)

    def _title_members(self) -> None:
        model = self.members.model
        if self._members_title is None or model.query is None:
            return
        counted = not (model.counting or model.loading)
        self.members_title.setText(self._members_title.replace(
            "{customers}", locale_number(model.rowCount(), ",") if counted else "…"))

    def _on_member(self, row: dict) -> None:
        customer = row.get("customer_id")
        if customer is None:
            return
        parts = [tier_name(row["tier"]) if row.get("tier") else None, cluster_label(row.get("cluster")), row.get("category_mix")]
        self.history.show_customer(self.project, str(customer), " · ".join(str(p) for p in parts if p))

    # -- the training job ---------------------------------------------------------------------------
    def before_start(self) -> None:
        self.k_quality.set_scores([])
        self.cluster_list.clear()
        self.profiles.set_message(self.tr("Building customer features…"))
        self.movements.set_message(self.tr("Comparing tiers with a period earlier…"))

    def draw_partial(self, partial: SegmentsPartial) -> None:
        self.tiers.set_counts(partial.tiers)
        if partial.movements is not None:
            self._draw_movements(partial.movements, self.started_params.movement_weeks)
        if partial.profiles is not None:
            self._draw_profiles(partial.profiles)
        elif partial.k_scores:
            self._draw_k_search(partial.k_scores)
