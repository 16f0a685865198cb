"""The Segments page: tier cards, the clusters' category mix, tier movements; a click on any of
them lists its customers, and a click on a customer shows their history.

Everything shown is read from the latest segmentation run (engine.models.segments.queries);
training runs through the job runner and the cards and charts fill in while it works.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QSplitter, QVBoxLayout, QWidget)
from superqt.utils import qthrottled

from engine.models.segments import queries
from engine.models.segments.params import SegmentParams
from engine.models.segments.service import train_segments
from engine.store import Project
from gui.pages.base import Page
from gui.pages.segments.k_quality import KQualityPlot
from gui.pages.segments.member_history import MemberHistory
from gui.pages.segments.stacked_bars import COLOURS, OTHER_COLOUR, StackedBars
from gui.pages.segments.tier_cards import TIER_COLOURS, TierCards
from gui.widgets.run_controls import RunControls
from gui.widgets.sql_table_view import SqlTableView

#: Partial results redraw at most this often.
REDRAW_MS = 50
#: Parameters a stored run may carry that this version still knows (older runs may have others).
PARAM_NAMES = set(SegmentParams.__dataclass_fields__)
MOVE_COLOURS = [TIER_COLOURS["light"], TIER_COLOURS["medium"], TIER_COLOURS["heavy"], "#d9d9d9"]


class SegmentsPage(Page):
    title = "Segments"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.job = None
        #: Extra training parameters (tests train with a narrower k search).
        self.extra_params: dict = {}
        self._run = None
        self._clusters: list[dict[str, Any]] = []
        self._pending: dict | None = None

        self.controls = RunControls(
            "Train segments", noun="segmentation",
            as_of_tip="Segment as of this date (YYYY-MM-DD); blank = the day after the last event")
        self.controls.start_button.clicked.connect(self.start_training)
        # the names the page's tests and code use for the shared controls
        self.as_of, self.train_button = self.controls.as_of, self.controls.start_button
        self.pause_button, self.cancel_button = self.controls.pause_button, self.controls.cancel_button
        self.progress, self.status = self.controls.progress, self.controls.status

        self.tiers = TierCards()
        self.tiers.tier_clicked.connect(self.show_tier)
        self.profiles = StackedBars("Interest clusters: category mix", x_label="share of the cluster's activity")
        self.profiles.segment_clicked.connect(lambda row, _part: self.show_cluster_row(row))
        self.cluster_list = QListWidget()
        self.cluster_list.setMaximumWidth(240)
        self.cluster_list.setMinimumWidth(160)
        self.cluster_list.itemClicked.connect(lambda item: self.show_cluster(item.data(Qt.ItemDataRole.UserRole)))
        self.movements = StackedBars("Tier movements", x_label="customers, by their tier a period ago")
        self.movements.segment_clicked.connect(self.show_movement)

        self.members_title = QLabel("<b>Customers</b> — click a tier, a cluster or a movement")
        self.members = SqlTableView("Filter customers: id, cluster or category…", headers=queries.MEMBER_HEADERS)
        self.members.row_selected.connect(self._on_member)
        self.history = MemberHistory()

        cluster_box = QWidget()
        cb = QHBoxLayout(cluster_box)
        cb.setContentsMargins(0, 0, 0, 0)
        cb.addWidget(self.profiles, 1)
        side = QVBoxLayout()
        side.addWidget(QLabel("Clusters (click to list)"))
        side.addWidget(self.cluster_list, 1)
        self.k_quality = KQualityPlot()
        self.k_quality.setMaximumWidth(240)
        side.addWidget(self.k_quality)
        cb.addLayout(side)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(cluster_box)
        charts.addWidget(self.movements)
        charts.setStretchFactor(0, 3)
        charts.setStretchFactor(1, 2)
        members_box = QWidget()
        mb = QVBoxLayout(members_box)
        mb.setContentsMargins(0, 0, 0, 0)
        mb.addWidget(self.members_title)
        mb.addWidget(self.members, 1)
        lists = QSplitter(Qt.Orientation.Horizontal)
        lists.addWidget(members_box)
        lists.addWidget(self.history)
        lists.setStretchFactor(0, 3)
        lists.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(charts)
        split.addWidget(lists)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.status)
        layout.addWidget(self.tiers)
        layout.addWidget(split, 1)

        # live charts redraw at most every REDRAW_MS, with the latest partial result
        self._redraw = qthrottled(self._draw_partial, timeout=REDRAW_MS, leading=False, parent=self)
        self._set_running(False)
        self.on_project_changed(ctx.project)

    # -- the latest run ------------------------------------------------------------------------
    def on_project_changed(self, project: Project | None) -> None:
        self._set_running(self.job is not None)
        self.load_latest()

    def on_runs_changed(self, kind: str) -> None:
        if kind == "segments":
            self.load_latest()

    def load_latest(self) -> None:
        # a throttled partial redraw still pending would paint over the finished run
        self._redraw.cancel()
        self._pending = None
        project = self.project
        self._run = queries.latest(project) if project is not None else None
        self.members.set_query(None)
        self.history.show_customer(None, None)
        if self._run is None:
            self.tiers.set_cards(None)
            self._clusters = []
            self.cluster_list.clear()
            self.k_quality.set_scores([])
            hint = "Open a project first" if project is None else "No segmentation yet: click “Train segments”"
            self.profiles.set_message(hint)
            self.movements.set_message(hint)
            self.status.setText(hint + "." if project is not None else "")
            return
        params = SegmentParams.from_dict({k: v for k, v in self._run.params.items() if k in PARAM_NAMES})
        run_id, weeks = self._run.run_id, params.movement_weeks
        self.tiers.set_cards(queries.tier_cards(project, run_id), weeks)
        self._draw_movements(queries.movement_matrix(project, run_id), weeks)
        m = self._run.metrics
        candidates = m.get("k_candidates")
        scores = ([[c["k"], c["silhouette"], c["stability"], c["min_share"]] for c in candidates]
                  if candidates is not None else [[int(k), v] for k, v in m.get("silhouette_by_k", {}).items()])
        self.k_quality.set_scores(scores, chosen=m.get("k") or None, rule=m.get("k_rule", ""),
                                  thresholds=(params.min_stability, params.min_cluster_share))
        head = (f"{m.get('n_customers', 0):,} customers active in the {params.window_weeks} weeks "
                f"before {self._run.as_of:%Y-%m-%d}")
        if m.get("clusters_skipped"):
            self._clusters = []
            self.cluster_list.clear()
            self.profiles.set_message(m["clusters_skipped"] + ".")
            self.status.setText(f"{head} · tiers only: {m['clusters_skipped']} · run {run_id}")
        else:
            self._draw_profiles(queries.cluster_profiles(project, run_id))
            self.status.setText(f"{head} · {m.get('k', 0)} interest clusters · {m.get('k_rule', '')} · run {run_id}")
        self.show_tier("heavy")

    # -- charts ----------------------------------------------------------------------------------
    def _draw_profiles(self, profiles: dict[str, Any]) -> None:
        clusters = sorted(profiles["clusters"], key=lambda c: (-c["size"], c["cluster"]))
        self._clusters = clusters
        shown = queries.profile_categories(clusters)
        values = np.array([[c["profile"].get(cat, 0.0) for cat in shown] for c in clusters]).reshape(
            len(clusters), len(shown))
        other = np.clip(1.0 - values.sum(axis=1, keepdims=True), 0.0, None)
        self.profiles.set_data([f"{c['label']}  ({c['size']:,})" for c in clusters], shown + ["other"],
                               np.hstack([values, other]), COLOURS[:len(shown)] + [OTHER_COLOUR], x_max=1.0)
        self.cluster_list.clear()
        for c in clusters:
            item = QListWidgetItem(f"{c['label']}\n   {c['size']:,} customers · {c['revenue_share']:.0%} of revenue")
            item.setData(Qt.ItemDataRole.UserRole, c["cluster"])
            self.cluster_list.addItem(item)

    def _draw_movements(self, matrix: dict[str, Any], weeks: int) -> None:
        rows = ["new" if f == "new" else f"was {f}" for f in matrix["from"]]
        self.movements.set_data(rows, [f"now {t}" for t in matrix["to"]], np.array(matrix["counts"]), MOVE_COLOURS)
        self.movements.plot.setTitle(f"Tier movements: {weeks} weeks ago → now", size="10pt")
        self._movement_states = (matrix["from"], matrix["to"])

    def _draw_k_search(self, k_scores: list) -> None:
        params = self._params()
        self.k_quality.set_scores(k_scores, thresholds=(params.min_stability, params.min_cluster_share))
        usable = [ks for ks in k_scores if ks[2] >= params.min_stability and ks[3] >= params.min_cluster_share]
        self.profiles.set_message(
            f"Choosing the number of clusters… tried up to {int(k_scores[-1][0])}; usable so far: "
            + (", ".join(str(int(ks[0])) for ks in usable) or "none") if k_scores else
            "Choosing the number of clusters…")

    def _params(self) -> SegmentParams:
        """The parameters the running job was given (defaults included): labels come from them."""
        return SegmentParams.from_dict(self.extra_params)

    # -- clicks -------------------------------------------------------------------------------------
    def show_tier(self, tier: str) -> None:
        if self.project is None or self._run is None:
            return
        query = queries.members_query(self.project, self._run.run_id, tier=tier)
        self.members_title.setText(f"<b>{tier.capitalize()} tier</b> — {query.count():,} customers, "
                                   "most engaged first")
        self._set_members(query)

    def show_cluster_row(self, row: int) -> None:
        if 0 <= row < len(self._clusters):
            self.show_cluster(self._clusters[row]["cluster"])

    def show_cluster(self, cluster: int) -> None:
        if self.project is None or self._run is None:
            return
        label = next((c["label"] for c in self._clusters if c["cluster"] == cluster), f"Cluster {cluster}")
        query = queries.members_query(self.project, self._run.run_id, cluster=cluster)
        self.members_title.setText(f"<b>{label}</b> — {query.count():,} customers, most engaged first")
        self._set_members(query)

    def show_movement(self, row: int, part: int) -> None:
        if self.project is None or self._run is None:
            return
        tier_from, tier_to = self._movement_states[0][row], self._movement_states[1][part]
        if tier_to == "lapsed":
            query = queries.lapsed_query(self.project, self._run.run_id, tier_from)
            text = f"{tier_from.capitalize()} a period ago, no activity since"
        else:
            query = queries.members_query(self.project, self._run.run_id, moved=(tier_from, tier_to))
            text = ("New customers, now " if tier_from == "new" else f"From {tier_from} to ") + tier_to
        self.members_title.setText(f"<b>{text}</b> — {query.count():,} customers")
        self._set_members(query)

    def _set_members(self, query) -> None:
        self.members.set_query(query)
        self.history.show_customer(None, None)

    def _on_member(self, row: dict) -> None:
        customer = row.get("customer_id")
        if customer is None:
            return
        parts = [row.get("tier"), row.get("cluster"), row.get("category_mix")]
        self.history.show_customer(self.project, str(customer), " · ".join(str(p) for p in parts if p))

    # -- the training job ---------------------------------------------------------------------------
    def start_training(self) -> None:
        if self.project is None or self.job is not None:
            return
        self.k_quality.set_scores([])
        self.cluster_list.clear()
        self.profiles.set_message("Building customer features…")
        self.movements.set_message("Comparing tiers with a period earlier…")
        self.job = self.ctx.runner.start("Train segments", train_segments, self.project,
                                         as_of=self.controls.as_of_value(), params=dict(self.extra_params))
        self.controls.watch(self.job)
        self.job.partial.connect(self._on_partial)
        self.job.returned.connect(self._on_returned)
        self.job.errored.connect(self._on_errored)
        self.job.cancelled.connect(self._on_cancelled)
        self.job.finished.connect(self._on_finished)

    def cancel_training(self) -> None:
        self.controls.cancel()

    def _set_running(self, running: bool) -> None:
        self.controls.set_running(running, available=self.project is not None)

    def _on_partial(self, partial) -> None:
        if isinstance(partial, dict):
            self._pending = partial
            self._redraw()

    def _draw_partial(self) -> None:
        partial, self._pending = self._pending, None
        if partial is None or self.job is None:
            return
        if "tiers" in partial:
            self.tiers.set_counts(partial["tiers"])
        if "movements" in partial:
            self._draw_movements(partial["movements"], self._params().movement_weeks)
        if "profiles" in partial:
            self._draw_profiles(partial["profiles"])
        elif "k_scores" in partial:
            self._draw_k_search(partial["k_scores"])

    def _on_returned(self, result) -> None:
        self.status.setText(result.message)
        self.ctx.notify_runs_changed("segments")

    def _on_errored(self, exc: BaseException) -> None:
        self.status.setText(f"Segmentation failed: {exc}")

    def _on_cancelled(self) -> None:
        self.status.setText("Cancelled: the previous segmentation is kept.")
        self.load_latest()
        self.status.setText("Cancelled: the previous segmentation is kept.")

    def _on_finished(self) -> None:
        self.job = None
        self._set_running(False)
        self.progress.setValue(1000 if self._run is not None else 0)

