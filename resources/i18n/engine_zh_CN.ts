<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>engine</name>
    <message>
      <source>{house} beats the best alternative ({other}), {span}: {metric} {house_mean:.3f} vs {other_mean:.3f} (spread ±{spread:.3f}). Shipped score: {winner}.</source>
      <extracomment>id: verdict.beats</extracomment>
      <translation>{house} 优于最佳备选（{other}），{span}：{metric} {house_mean:.3f} 对 {other_mean:.3f}（波动 ±{spread:.3f}）。采用的评分：{winner}。</translation>
    </message>
    <message>
      <source>{house} ties the best alternative ({other}); the difference is within the spread across cuts, {span}: {metric} {house_mean:.3f} vs {other_mean:.3f} (spread ±{spread:.3f}). Shipped score: {winner}.</source>
      <extracomment>id: verdict.ties</extracomment>
      <translation>{house} 与最佳备选（{other}）持平；差距在各切点间的波动之内，{span}：{metric} {house_mean:.3f} 对 {other_mean:.3f}（波动 ±{spread:.3f}）。采用的评分：{winner}。</translation>
    </message>
    <message>
      <source>{house} ties the best alternative ({other}); the difference is under {min_margin:.3f}, too small to count, {span}: {metric} {house_mean:.3f} vs {other_mean:.3f} (spread ±{spread:.3f}). Shipped score: {winner}.</source>
      <extracomment>id: verdict.ties.small</extracomment>
      <translation>{house} 与最佳备选（{other}）持平；差距小于 {min_margin:.3f}，不足以计入，{span}：{metric} {house_mean:.3f} 对 {other_mean:.3f}（波动 ±{spread:.3f}）。采用的评分：{winner}。</translation>
    </message>
    <message>
      <source>{house} does not beat the best alternative ({other}), {span}: {metric} {house_mean:.3f} vs {other_mean:.3f} (spread ±{spread:.3f}). Shipped score: {winner}.</source>
      <extracomment>id: verdict.loses</extracomment>
      <translation>{house} 未能胜过最佳备选（{other}），{span}：{metric} {house_mean:.3f} 对 {other_mean:.3f}（波动 ±{spread:.3f}）。采用的评分：{winner}。</translation>
    </message>
    <message>
      <source>{house} beats the best alternative ({other}), {span}: {metric} {house_mean:.3f} vs {other_mean:.3f} (one cut: no spread across cuts to weigh it against). Shipped score: {winner}.</source>
      <extracomment>id: verdict.beats.one_cut</extracomment>
      <translation>{house} 优于最佳备选（{other}），{span}：{metric} {house_mean:.3f} 对 {other_mean:.3f}（仅一个切点：没有切点间的波动可供衡量）。采用的评分：{winner}。</translation>
    </message>
    <message>
      <source>{house} ties the best alternative ({other}); the difference is under {min_margin:.3f}, too small to count, {span}: {metric} {house_mean:.3f} vs {other_mean:.3f}. Shipped score: {winner}.</source>
      <extracomment>id: verdict.ties.one_cut</extracomment>
      <translation>{house} 与最佳备选（{other}）持平；差距小于 {min_margin:.3f}，不足以计入，{span}：{metric} {house_mean:.3f} 对 {other_mean:.3f}。采用的评分：{winner}。</translation>
    </message>
    <message>
      <source>{house} does not beat the best alternative ({other}), {span}: {metric} {house_mean:.3f} vs {other_mean:.3f} (one cut: no spread across cuts to weigh it against). Shipped score: {winner}.</source>
      <extracomment>id: verdict.loses.one_cut</extracomment>
      <translation>{house} 未能胜过最佳备选（{other}），{span}：{metric} {house_mean:.3f} 对 {other_mean:.3f}（仅一个切点：没有切点间的波动可供衡量）。采用的评分：{winner}。</translation>
    </message>
    <message>
      <source>{house} could not be fitted before any cut, so it has no out-of-sample score; the best alternative ({other}), {span}: {metric} {other_mean:.3f}. Shipped score: {winner}.</source>
      <extracomment>id: verdict.unscored</extracomment>
      <translation>{house} 在所有切点之前都无法拟合，因此没有样本外评分；最佳备选（{other}），{span}：{metric} {other_mean:.3f}。采用的评分：{winner}。</translation>
    </message>
    <message>
      <source>{house} beats the best alternative ({other}), {span}: {metric} {house_mean:.3f} vs {other_mean:.3f}, a lead beyond the cut's sampling error (±{noise:.3f}). Shipped score: {winner}.</source>
      <extracomment>id: verdict.beats.one_cut.noise</extracomment>
      <translation>{house} 优于最佳备选（{other}），{span}：{metric} {house_mean:.3f} 对 {other_mean:.3f}，领先幅度超出该切点的抽样误差（±{noise:.3f}）。采用的评分：{winner}。</translation>
    </message>
    <message>
      <source>{house} ties the best alternative ({other}); the difference is within the cut's sampling error (±{noise:.3f}), {span}: {metric} {house_mean:.3f} vs {other_mean:.3f}. Shipped score: {winner}.</source>
      <extracomment>id: verdict.ties.one_cut.noise</extracomment>
      <translation>{house} 与最佳备选（{other}）持平；差距在该切点的抽样误差之内（±{noise:.3f}），{span}：{metric} {house_mean:.3f} 对 {other_mean:.3f}。采用的评分：{winner}。</translation>
    </message>
    <message>
      <source>{house} does not beat the best alternative ({other}), {span}: {metric} {house_mean:.3f} vs {other_mean:.3f}, behind by more than the cut's sampling error (±{noise:.3f}). Shipped score: {winner}.</source>
      <extracomment>id: verdict.loses.one_cut.noise</extracomment>
      <translation>{house} 未能胜过最佳备选（{other}），{span}：{metric} {house_mean:.3f} 对 {other_mean:.3f}，落后幅度超出该切点的抽样误差（±{noise:.3f}）。采用的评分：{winner}。</translation>
    </message>
    <message>
      <source>out of sample at {n} cuts</source>
      <extracomment>id: verdict.span</extracomment>
      <translation>在 {n} 个切点上做样本外评估</translation>
    </message>
    <message>
      <source>out of sample at {n} cut</source>
      <extracomment>id: verdict.span.one</extracomment>
      <translation>在 {n} 个切点上做样本外评估</translation>
    </message>
    <message>
      <source>out of sample on the customers who were new at {n} past cuts</source>
      <extracomment>id: verdict.span.new_customers</extracomment>
      <translation>在 {n} 个过去切点当时的新顾客上做样本外评估</translation>
    </message>
    <message>
      <source>out of sample on the customers who were new at {n} past cut</source>
      <extracomment>id: verdict.span.new_customers.one</extracomment>
      <translation>在 {n} 个过去切点当时的新顾客上做样本外评估</translation>
    </message>
    <message>
      <source>out of sample on {n} held-out groups of established customers</source>
      <extracomment>id: verdict.span.groups</extracomment>
      <translation>在 {n} 组留出的成熟顾客上做样本外评估</translation>
    </message>
    <message>
      <source>out of sample on {n} held-out group of established customers</source>
      <extracomment>id: verdict.span.groups.one</extracomment>
      <translation>在 {n} 组留出的成熟顾客上做样本外评估</translation>
    </message>
    <message>
      <source>{winner} had the best mean AUC over {n} out-of-sample cuts ({winner_mean:.3f} vs {runner_up} {runner_up_mean:.3f}; {lead}).</source>
      <extracomment>id: why.best_mean</extracomment>
      <translation>{winner} 在 {n} 个样本外切点上的平均 AUC 最高（{winner_mean:.3f}，对比 {runner_up} 的 {runner_up_mean:.3f}；{lead}）。</translation>
    </message>
    <message>
      <source>{winner} ships: {best} had the best mean AUC over {n} out-of-sample cuts ({best_mean:.3f} vs {winner_mean:.3f}), a lead within the spread across cuts (a tie), and an alternative replaces {winner} only when it beats it.</source>
      <extracomment>id: why.house_tie</extracomment>
      <translation>采用 {winner}：{best} 在 {n} 个样本外切点上的平均 AUC 最高（{best_mean:.3f}，对比 {winner_mean:.3f}），但领先幅度在各切点间的波动之内（视为持平），而备选只有在胜过 {winner} 时才会取代它。</translation>
    </message>
    <message>
      <source>{winner} had the best AUC at the one out-of-sample cut ({winner_mean:.3f} vs {runner_up} {runner_up_mean:.3f}; one cut gives no spread to weigh the lead against).</source>
      <extracomment>id: why.best_mean.one_cut</extracomment>
      <translation>{winner} 在唯一的样本外切点上 AUC 最高（{winner_mean:.3f}，对比 {runner_up} 的 {runner_up_mean:.3f}；仅一个切点，没有波动可用来衡量领先幅度）。</translation>
    </message>
    <message>
      <source>{winner} ships: {best} had the best AUC at the one out-of-sample cut ({best_mean:.3f} vs {winner_mean:.3f}), a lead under {min_margin:.3f}, too small to count, and an alternative replaces {winner} only when it beats it.</source>
      <extracomment>id: why.house_tie.one_cut</extracomment>
      <translation>采用 {winner}：{best} 在唯一的样本外切点上 AUC 最高（{best_mean:.3f}，对比 {winner_mean:.3f}），但领先不到 {min_margin:.3f}，不足以计入，而备选只有在胜过 {winner} 时才会取代它。</translation>
    </message>
    <message>
      <source>a lead beyond the spread across cuts</source>
      <extracomment>id: why.lead.decisive</extracomment>
      <translation>领先幅度超出各切点间的波动</translation>
    </message>
    <message>
      <source>a lead within the spread across cuts (a tie)</source>
      <extracomment>id: why.lead.tie</extracomment>
      <translation>领先幅度在各切点间的波动之内（视为持平）</translation>
    </message>
    <message>
      <source>Verdict judged on a sample: at each evaluation cut at most {pairs:,} customer-category pairs are scored, {share:.0%} of the customers at the smallest share; the shipped score covers every customer</source>
      <extracomment>id: decay.eval_sample</extracomment>
      <translation>评估按样本进行：每个评估时点最多为 {pairs:,} 个顾客-品类组合打分，份额最小的时点覆盖 {share:.0%} 的顾客；正式发布的分数覆盖全部顾客</translation>
    </message>
    <message>
      <source>Half-lives fitted on a sample: at most {buyers:,} buyers per category, in the {sampled} of {categories} categories that have more; every buyer is scored with them</source>
      <extracomment>id: decay.fit_sample</extracomment>
      <translation>半衰期按样本拟合：每个品类最多取 {buyers:,} 位买家，{categories} 个品类中有 {sampled} 个超过此数；全部买家都按拟合结果打分</translation>
    </message>
    <message>
      <source>Too little history for an out-of-sample verdict: the decay model's lapse probability is shipped.</source>
      <extracomment>id: decay.no_verdict</extracomment>
      <translation>历史数据太少，无法做样本外评估：采用衰减模型的流失概率。</translation>
    </message>
    <message>
      <source>{categories:,} categories, median half-life {half_life:.0f} days, {pairs:,} pairs scored. {verdict}</source>
      <extracomment>id: decay.trained</extracomment>
      <translation>{categories:,} 个品类，半衰期中位数 {half_life:.0f} 天，已评分 {pairs:,} 个组合。{verdict}</translation>
    </message>
    <message>
      <source>{categories:,} categories, median half-life {half_life:.0f} days, {pairs:,} pairs scored; {at_risk:,} of {customers:,} customers likely (≥50%) to lapse from their main category. {verdict}</source>
      <extracomment>id: decay.trained.at_risk</extracomment>
      <translation>{categories:,} 个品类，半衰期中位数 {half_life:.0f} 天，已评分 {pairs:,} 个组合；{customers:,} 位顾客中 {at_risk:,} 位可能（≥50%）从主要品类流失。{verdict}</translation>
    </message>
    <message>
      <source>{categories} category, median half-life {half_life:.0f} days, {pairs:,} pairs scored; {at_risk:,} of {customers:,} customers likely (≥50%) to lapse from it. {verdict}</source>
      <extracomment>id: decay.trained.at_risk.one_category</extracomment>
      <translation>{categories} 个品类，半衰期中位数 {half_life:.0f} 天，已评分 {pairs:,} 个组合；{customers:,} 位顾客中 {at_risk:,} 位可能（≥50%）从该品类流失。{verdict}</translation>
    </message>
    <message>
      <source>lapse AUC {auc:.3f} vs recency {recency_auc:.3f} ({pairs:,} customer-category pairs, {lapsed:.0%} lapsed)</source>
      <extracomment>id: decay.backtest</extracomment>
      <translation>流失 AUC {auc:.3f}，对比按最近购买 {recency_auc:.3f}（{pairs:,} 个顾客-品类组合，{lapsed:.0%} 已流失）</translation>
    </message>
    <message>
      <source>Too little history for a backtest: the BG/NBD baseline is shipped untested.</source>
      <extracomment>id: customers.no_backtest</extracomment>
      <translation>历史数据太少，无法回测：直接采用未经检验的 BG/NBD 基线。</translation>
    </message>
    <message>
      <source>No customer bought again in the {weeks} weeks after any past cut: nothing to judge the predictions on, so the BG/NBD baseline is shipped untested.</source>
      <extracomment>id: customers.no_repeat_buyers</extracomment>
      <translation>在过去任何一个切点之后的 {weeks} 周内都没有顾客再次购买：没有可以检验预测的结果，因此直接采用未经检验的 BG/NBD 基线。</translation>
    </message>
    <message>
      <source>{n:,} customers scored by {winner}</source>
      <extracomment>id: customers.scored</extracomment>
      <translation>已由 {winner} 为 {n:,} 位顾客评分</translation>
    </message>
    <message>
      <source>{n:,} customers scored by {winner} — {verdict}</source>
      <extracomment>id: customers.scored.verdict</extracomment>
      <translation>已由 {winner} 为 {n:,} 位顾客评分 — {verdict}</translation>
    </message>
    <message>
      <source>{line} (at {k} of the {n} cuts)</source>
      <extracomment>id: customers.candidate.fewer_cuts</extracomment>
      <translation>{line}（仅在 {n} 个切点中的 {k} 个上）</translation>
    </message>
    <message>
      <source>{head} · after {date}: AUC {auc:.3f}</source>
      <extracomment>id: customers.backtest</extracomment>
      <translation>{head} · {date} 之后：AUC {auc:.3f}</translation>
    </message>
    <message>
      <source>Shipped: {winner}. {verdict}</source>
      <extracomment>id: customers.shipped</extracomment>
      <translation>采用：{winner}。{verdict}</translation>
    </message>
    <message>
      <source>{label}: AUC {auc:.3f}, spend Spearman {spearman:.3f}, total spend error {spend_error:+.1%}</source>
      <extracomment>id: customers.candidate</extracomment>
      <translation>{label}：AUC {auc:.3f}，消费额 Spearman 相关 {spearman:.3f}，总消费额误差 {spend_error:+.1%}</translation>
    </message>
    <message>
      <source>Probabilities calibrated at {date} (a Platt layer, a = {a:.2f}, b = {b:.2f}): there the model said {mean_p:.1%} on average and {bought:.1%} bought again in the {weeks} weeks after</source>
      <extracomment>id: customers.calibrated</extracomment>
      <translation>概率已在 {date} 校准（Platt 层，a = {a:.2f}，b = {b:.2f}）：该切点上模型平均预测 {mean_p:.1%}，之后 {weeks} 周内实际再次购买的比例为 {bought:.1%}</translation>
    </message>
    <message>
      <source>Backtest checked on a sample: predicted vs actual at {date} counts {n:,} of its {total:,} customers</source>
      <extracomment>id: customers.check.sample</extracomment>
      <translation>回测按样本检验：{date} 的预测与实际对比只统计了该时点 {total:,} 位顾客中的 {n:,} 位</translation>
    </message>
    <message>
      <source>All models trained</source>
      <extracomment>id: train.all_done</extracomment>
      <translation>所有模型已训练完成</translation>
    </message>
    <message>
      <source>Trained {trained}; skipped {skips}</source>
      <extracomment>id: train.skipped</extracomment>
      <translation>已训练 {trained}；已跳过 {skips}</translation>
    </message>
    <message>
      <source>{models} ({reason})</source>
      <extracomment>id: train.skip</extracomment>
      <translation>{models}（{reason}）</translation>
    </message>
    <message>
      <source>{n:,} customers in {k} interest clusters (silhouette {silhouette:.3f}, agreement across seeds {stability:.2f})</source>
      <extracomment>id: segments.trained</extracomment>
      <translation>{n:,} 位顾客分入 {k} 个兴趣群（轮廓系数 {silhouette:.3f}，不同随机种子间一致度 {stability:.2f}）</translation>
    </message>
    <message>
      <source>{n:,} customers in {k} interest cluster (silhouette {silhouette:.3f}, agreement across seeds {stability:.2f})</source>
      <extracomment>id: segments.trained.one_cluster</extracomment>
      <translation>{n:,} 位顾客分入 {k} 个兴趣群（轮廓系数 {silhouette:.3f}，不同随机种子间一致度 {stability:.2f}）</translation>
    </message>
    <message>
      <source>{n:,} customers in tiers; {reason}</source>
      <extracomment>id: segments.trained.tiers</extracomment>
      <translation>{n:,} 位顾客已分层；{reason}</translation>
    </message>
    <message>
      <source>Calibrated on the customers who were new at {cuts}: their pairs were given {mean_p:.1%} on average, and {rate:.1%} of them happened.</source>
      <extracomment>id: transfer.calibrated</extracomment>
      <translation>已按 {cuts} 时的新顾客校准：当时每个组合的平均预测为 {mean_p:.1%}，实际发生 {rate:.1%}。</translation>
    </message>
    <message>
      <source>{cold:,} cold-start customers scored from {reference:,} established customers like them</source>
      <extracomment>id: transfer.trained</extracomment>
      <translation>已参照 {reference:,} 位相似的成熟顾客，为 {cold:,} 位新顾客评分</translation>
    </message>
    <message>
      <source>{cold:,} cold-start customers scored by {winner}, from {reference:,} established customers — {verdict}</source>
      <extracomment>id: transfer.trained.verdict</extracomment>
      <translation>已由 {winner} 参照 {reference:,} 位成熟顾客，为 {cold:,} 位新顾客评分 — {verdict}</translation>
    </message>
    <message>
      <source>one cluster: fewer than three customers with distinct category mixes</source>
      <extracomment>id: k.one_cluster</extracomment>
      <translation>只有一个群组：类目组合不同的顾客少于三位</translation>
    </message>
    <message>
      <source>k = {k}: no k was stable across seeds (adjusted Rand ≥ {stability:.2f}); the most stable one</source>
      <extracomment>id: k.unstable</extracomment>
      <translation>k = {k}：没有任何 k 在不同随机种子间保持稳定（调整兰德指数 ≥ {stability:.2f}）；选用最稳定的一个</translation>
    </message>
    <message>
      <source>k = {k}: the fewest clusters whose silhouette is within {tolerance:g} of the best ({top:.3f}) {what}</source>
      <extracomment>id: k.best</extracomment>
      <translation>k = {k}：轮廓系数与最佳值（{top:.3f}）相差不超过 {tolerance:g} 的最少群组数，{what}</translation>
    </message>
    <message>
      <source>among the usable k from {k_min} to {k_max} (every cluster ≥ {share:.0%} of customers, adjusted Rand ≥ {stability:.2f} across {seeds} seeds)</source>
      <extracomment>id: k.among_usable</extracomment>
      <translation>在 {k_min} 到 {k_max} 之间可用的 k 中选取（每个群组 ≥ {share:.0%} 的顾客，{seeds} 个随机种子间调整兰德指数 ≥ {stability:.2f}）</translation>
    </message>
    <message>
      <source>among the stable k (adjusted Rand ≥ {stability:.2f}): no k kept every cluster ≥ {share:.0%} of customers (a small group stands apart)</source>
      <extracomment>id: k.among_stable</extracomment>
      <translation>在稳定的 k 中选取（调整兰德指数 ≥ {stability:.2f}）：没有任何 k 能让每个群组都 ≥ {share:.0%} 的顾客（有一小群顾客自成一组）</translation>
    </message>
    <message>
      <source>{categories} regulars</source>
      <extracomment>id: cluster.regulars</extracomment>
      <translation>{categories} 常客</translation>
    </message>
    <message>
      <source>{categories} shoppers</source>
      <extracomment>id: cluster.shoppers</extracomment>
      <translation>{categories} 购物者</translation>
    </message>
    <message>
      <source>Mixed interests</source>
      <extracomment>id: cluster.mixed</extracomment>
      <translation>兴趣广泛</translation>
    </message>
    <message>
      <source>{label} (+ {extra})</source>
      <extracomment>id: cluster.plus</extracomment>
      <translation>{label}（+ {extra}）</translation>
    </message>
    <message>
      <source>{label} {n}</source>
      <extracomment>id: cluster.numbered</extracomment>
      <translation>{label} {n}</translation>
    </message>
    <message>
      <source>No category column: {items:,} products grouped into {groups:,} groups by their {how}.</source>
      <extracomment>id: groups.derived</extracomment>
      <translation>没有品类列：{items:,} 件商品已按{how}归为 {groups:,} 个分组。</translation>
    </message>
    <message>
      <source>names</source>
      <extracomment>id: groups.how.names</extracomment>
      <translation>名称</translation>
    </message>
    <message>
      <source>baskets</source>
      <extracomment>id: groups.how.baskets</extracomment>
      <translation>购物篮</translation>
    </message>
    <message>
      <source>names and baskets</source>
      <extracomment>id: groups.how.names_baskets</extracomment>
      <translation>名称和购物篮</translation>
    </message>
    <message>
      <source>purchases</source>
      <extracomment>id: groups.how.purchases</extracomment>
      <translation>购买记录</translation>
    </message>
    <message>
      <source>No category column, and no item ids or names: there are no product groups, so the category models (interest clusters, decay, migration, transfer) have nothing to work on; tiers and the Customers page need none.</source>
      <extracomment>id: groups.no_items</extracomment>
      <translation>没有品类列，也没有商品编号或名称：没有商品分组，因此品类模型（兴趣聚类、衰减、迁移、迁移学习）无从计算；分层与顾客页不需要品类。</translation>
    </message>
    <message>
      <source>No category column: {items:,} products are not grouped yet. Use Group products to group them by their names and baskets.</source>
      <extracomment>id: groups.pending</extracomment>
      <translation>没有品类列：{items:,} 件商品尚未分组。请用“商品分组”按名称和购物篮为它们分组。</translation>
    </message>
    <message>
      <source>Categories from an imported catalog: {items:,} products in {groups:,} categories.</source>
      <extracomment>id: groups.catalog</extracomment>
      <translation>品类来自导入的商品目录：{items:,} 件商品，{groups:,} 个品类。</translation>
    </message>
    <message>
      <source>Categories from an imported catalog: {catalog_items:,} products in {catalog_groups:,} categories; {items:,} products it does not name grouped into {groups:,} groups by their {how}.</source>
      <extracomment>id: groups.catalog_derived</extracomment>
      <translation>品类来自导入的商品目录：{catalog_items:,} 件商品，{catalog_groups:,} 个品类；目录未列出的 {items:,} 件商品已按{how}归为 {groups:,} 个分组。</translation>
    </message>
    <message>
      <source>The project has no events yet: import a shop export first</source>
      <extracomment>id: data.no_events</extracomment>
      <translation>项目中还没有事件：请先导入店铺导出的数据</translation>
    </message>
    <message>
      <source>No customer has events in the {weeks} weeks before {as_of}</source>
      <extracomment>id: data.no_customer_window</extracomment>
      <translation>{as_of} 之前的 {weeks} 周内没有任何顾客有事件</translation>
    </message>
    <message>
      <source>No purchases to learn from: the customers model needs orders</source>
      <extracomment>id: data.no_purchases</extracomment>
      <translation>没有可供学习的购买记录：顾客模型需要订单</translation>
    </message>
    <message>
      <source>No purchases before {as_of}</source>
      <extracomment>id: data.no_purchases_before</extracomment>
      <translation>{as_of} 之前没有购买记录</translation>
    </message>
    <message>
      <source>No customer ordered before {as_of}</source>
      <extracomment>id: data.no_customer_before</extracomment>
      <translation>{as_of} 之前没有顾客下过单</translation>
    </message>
    <message>
      <source>No events before {as_of}: nothing to train on</source>
      <extracomment>id: data.no_events_before</extracomment>
      <translation>{as_of} 之前没有事件：无数据可训练</translation>
    </message>
    <message>
      <source>No purchases with a category before {as_of}</source>
      <extracomment>id: data.no_category_purchases_before</extracomment>
      <translation>{as_of} 之前没有带品类的购买记录</translation>
    </message>
    <message>
      <source>Migration needs at least {weeks} weeks of history before {as_of}; the data has {have}</source>
      <extracomment>id: migration.needs_history</extracomment>
      <translation>迁移模型需要 {as_of} 之前至少 {weeks} 周的历史数据；现有数据只有 {have} 周</translation>
    </message>
    <message>
      <source>Migration needs enough history for at least one evaluation cut</source>
      <extracomment>id: migration.needs_cut</extracomment>
      <translation>迁移模型需要足够的历史数据，至少能做一个评估切点</translation>
    </message>
    <message>
      <source>Migration learns from categories that {min_buyers} or more customers bought; no category of this shop had that many buyers before a past cut</source>
      <extracomment>id: migration.too_few_buyers</extracomment>
      <translation>迁移模型从至少有 {min_buyers} 位顾客购买过的品类中学习；本店在过去的切点之前没有哪个品类有这么多买家</translation>
    </message>
    <message>
      <source>Migration needs purchases in at least two categories</source>
      <extracomment>id: migration.needs_categories</extracomment>
      <translation>迁移模型需要至少两个品类的购买记录</translation>
    </message>
    <message>
      <source>Migration learns at most {limit:,} categories (max_categories: the moves between every two of them are held in memory); this shop's history has {categories:,}. Import it with a broader column as its category (a department, a category path), or raise max_categories where memory allows</source>
      <extracomment>id: migration.too_many_categories</extracomment>
      <translation>迁移模型最多学习 {limit:,} 个品类（max_categories：任意两个品类之间的转移都保存在内存中）；此店铺的历史中有 {categories:,} 个。请用更粗的列作为品类重新导入（如部门、品类路径），或在内存足够时调高 max_categories</translation>
    </message>
    <message>
      <source>Migration learns from customers who began buying a category new to them; at no past cut did a customer of this shop do so in the {weeks} weeks after it</source>
      <extracomment>id: migration.no_shifts</extracomment>
      <translation>迁移模型从开始购买新品类的顾客身上学习；本店在过去任何一个切点之后的 {weeks} 周内都没有顾客这样做</translation>
    </message>
    <message>
      <source>Too little history before {as_of}: the decay fit needs at least {weeks} weeks</source>
      <extracomment>id: decay.needs_history</extracomment>
      <translation>{as_of} 之前的历史数据太少：衰减拟合至少需要 {weeks} 周</translation>
    </message>
    <message>
      <source>Decay fits at most {limit:,} categories (max_categories: each has a fit of its own at every cut); this shop's history has {categories:,}. Import it with a broader column as its category (a department, a category path), or raise max_categories and allow the time</source>
      <extracomment>id: decay.too_many_categories</extracomment>
      <translation>衰减模型最多拟合 {limit:,} 个品类（max_categories：每个品类在每个切点都要单独拟合）；此店铺的历史中有 {categories:,} 个。请用更粗的列作为品类重新导入（如部门、品类路径），或调高 max_categories 并留出时间</translation>
    </message>
    <message>
      <source>Transfer needs purchases in at least two categories</source>
      <extracomment>id: transfer.needs_categories</extracomment>
      <translation>迁移学习需要至少两个品类的购买记录</translation>
    </message>
    <message>
      <source>Transfer needs at least {n} established customers to learn from</source>
      <extracomment>id: transfer.needs_customers</extracomment>
      <translation>迁移学习需要至少 {n} 位成熟顾客作为学习样本</translation>
    </message>
    <message>
      <source>A backtest as of {as_of} needs {weeks} weeks of data after it; the data ends {end}. Choose a date on or before {latest}.</source>
      <extracomment>id: backtest.needs_weeks</extracomment>
      <translation>以 {as_of} 为基准的回测需要其后 {weeks} 周的数据；数据截止于 {end}。请选择 {latest} 或更早的日期。</translation>
    </message>
    <message>
      <source>A backtest as of {as_of} needs data until {until}; the data ends {end}</source>
      <extracomment>id: backtest.needs_until</extracomment>
      <translation>以 {as_of} 为基准的回测需要截至 {until} 的数据；数据截止于 {end}</translation>
    </message>
    <message>
      <source>No purchase in the {weeks} weeks before {as_of} has a category, so customers are tiered by engagement but not clustered by interest</source>
      <extracomment>id: segments.no_categories</extracomment>
      <translation>{as_of} 之前 {weeks} 周内的购买记录都没有品类，因此顾客只按活跃度分层，不按兴趣聚类</translation>
    </message>
    <message>
      <source>the shop has no categories: {items:,} products are not grouped yet (group them on the Data page)</source>
      <extracomment>id: categories.pending</extracomment>
      <translation>店铺没有品类：{items:,} 件商品尚未分组（请在“数据”页为它们分组）</translation>
    </message>
    <message>
      <source>the shop has no categories: its purchases carry no category and no item ids to group</source>
      <extracomment>id: categories.none</extracomment>
      <translation>店铺没有品类：购买记录既无品类，也无可用于分组的商品编号</translation>
    </message>
    <message>
      <source>{models}: {reason}</source>
      <extracomment>id: categories.refused</extracomment>
      <translation>{models}：{reason}</translation>
    </message>
    <message>
      <source>No segmentation yet: run `train PROJECT --models segments` first</source>
      <extracomment>id: run.none.segments</extracomment>
      <translation>尚无分群结果：请先运行 `train PROJECT --models segments`</translation>
    </message>
    <message>
      <source>No customer predictions yet: run `train PROJECT --models customers` first</source>
      <extracomment>id: run.none.customers</extracomment>
      <translation>尚无顾客预测：请先运行 `train PROJECT --models customers`</translation>
    </message>
    <message>
      <source>No migration run yet: run `train PROJECT --models migration` first</source>
      <extracomment>id: run.none.migration</extracomment>
      <translation>尚无迁移模型运行：请先运行 `train PROJECT --models migration`</translation>
    </message>
    <message>
      <source>No decay model yet: run `train PROJECT --models decay` first</source>
      <extracomment>id: run.none.decay</extracomment>
      <translation>尚无衰减模型：请先运行 `train PROJECT --models decay`</translation>
    </message>
    <message>
      <source>This model needs more memory than DuckDB's limit ({limit}) on this data: raise the memory limit in Settings and train again</source>
      <extracomment>id: run.out_of_memory</extracomment>
      <translation>该模型在这份数据上需要的内存超过了 DuckDB 的上限（{limit}）：请在设置中调高内存上限后重新训练</translation>
    </message>
    <message>
      <source>No project at {path}</source>
      <extracomment>id: project.missing</extracomment>
      <translation>{path} 处没有项目</translation>
    </message>
    <message>
      <source>A job is using the shop's data (a model being trained, an import, a removal or grouping): try again when it has finished</source>
      <extracomment>id: data.busy</extracomment>
      <translation>有任务正在使用店铺数据（模型训练、导入、移除导入或商品分组）：请在它完成后再试</translation>
    </message>
    <message>
      <source>The project {name} is closed</source>
      <extracomment>id: project.closed</extracomment>
      <translation>项目 {name} 已关闭</translation>
    </message>
    <message>
      <source>{name} is a DuckDB file but not a Shiftwise project</source>
      <extracomment>id: project.not_duckdb_project</extracomment>
      <translation>{name} 是 DuckDB 文件，但不是 Shiftwise 项目</translation>
    </message>
    <message>
      <source>{name} is not a Shiftwise project</source>
      <extracomment>id: project.not_project</extracomment>
      <translation>{name} 不是 Shiftwise 项目</translation>
    </message>
    <message>
      <source>{name} is {kind}, not a Shiftwise project</source>
      <extracomment>id: project.kind_not_project</extracomment>
      <translation>{name} 是{kind}，不是 Shiftwise 项目</translation>
    </message>
    <message>
      <source>{name} is damaged: the file is cut short, perhaps by a copy that stopped or a full disk. Open a backup copy of it instead.</source>
      <extracomment>id: project.cut_short</extracomment>
      <translation>{name} 已损坏：文件不完整，可能是复制中断或磁盘已满。请改为打开它的备份。</translation>
    </message>
    <message>
      <source>{name} is damaged: the file is cut short ({actual} of {expected}), perhaps by a copy that stopped or a full disk. Open a backup copy of it instead.</source>
      <extracomment>id: project.cut_short_size</extracomment>
      <translation>{name} 已损坏：文件不完整（{actual}，应为 {expected}），可能是复制中断或磁盘已满。请改为打开它的备份。</translation>
    </message>
    <message>
      <source>{name} is damaged: its table {table} cannot be read ({detail}). Open a backup copy of it instead.</source>
      <extracomment>id: project.bad_table</extracomment>
      <translation>{name} 已损坏：无法读取其中的表 {table}（{detail}）。请改为打开它的备份。</translation>
    </message>
    <message>
      <source>{name} is open in another program ({program}, process {pid}). Close it there, then open the project again.</source>
      <extracomment>id: project.locked_by</extracomment>
      <translation>{name} 已在另一个程序中打开（{program}，进程 {pid}）。请先在那里关闭，再重新打开项目。</translation>
    </message>
    <message>
      <source>{name} is open in another program. Close it there first.</source>
      <extracomment>id: project.locked</extracomment>
      <translation>{name} 已在另一个程序中打开。请先在那里关闭。</translation>
    </message>
    <message>
      <source>{name} was written by a newer database version than this Shiftwise can read. Update Shiftwise to open it.</source>
      <extracomment>id: project.too_new</extracomment>
      <translation>{name} 由更新版本的数据库写入，当前的 Shiftwise 无法读取。请升级 Shiftwise 后再打开。</translation>
    </message>
    <message>
      <source>Cannot open {name}: {detail}</source>
      <extracomment>id: project.cannot_open</extracomment>
      <translation>无法打开 {name}：{detail}</translation>
    </message>
    <message>
      <source>{name} has a damaged journal ({journal}): the changes since its last save cannot be read back. Run `python main.py repair {path}` (or press Repair) to set the journal aside and open the project as it was last saved.</source>
      <extracomment>id: project.bad_journal</extracomment>
      <translation>{name} 的日志文件（{journal}）已损坏：上次保存之后的更改无法读回。请运行 `python main.py repair {path}`（或点击“修复”）将日志移到一边，并按上次保存时的状态打开项目。</translation>
    </message>
    <message>
      <source>{name} already exists</source>
      <extracomment>id: project.exists</extracomment>
      <translation>{name} 已存在</translation>
    </message>
    <message>
      <source>Not a date: {value} (use YYYY-MM-DD)</source>
      <extracomment>id: project.bad_date</extracomment>
      <translation>不是日期：{value}（请使用 YYYY-MM-DD 格式）</translation>
    </message>
    <message>
      <source>Unknown {model} parameter {names}; known: {known}</source>
      <extracomment>id: params.unknown</extracomment>
      <translation>未知的 {model} 参数 {names}；可用参数：{known}</translation>
    </message>
    <message>
      <source>The {model} parameter {key} must be {what}, not {value}</source>
      <extracomment>id: params.bad_value</extracomment>
      <translation>{model} 参数 {key} 必须是{what}，而不是 {value}</translation>
    </message>
    <message>
      <source>a whole number</source>
      <extracomment>id: kind.int</extracomment>
      <translation>整数</translation>
    </message>
    <message>
      <source>a number</source>
      <extracomment>id: kind.float</extracomment>
      <translation>数字</translation>
    </message>
    <message>
      <source>The {model} parameter {name} must be at least 1</source>
      <extracomment>id: params.at_least_one</extracomment>
      <translation>{model} 参数 {name} 必须至少为 1</translation>
    </message>
    <message>
      <source>{name} must be at least 1</source>
      <extracomment>id: params.name_at_least_one</extracomment>
      <translation>{name} 必须至少为 1</translation>
    </message>
    <message>
      <source>The segments parameters need 2 &lt;= k_min &lt;= k_max</source>
      <extracomment>id: segments.k_range</extracomment>
      <translation>分群参数需满足 2 &lt;= k_min &lt;= k_max</translation>
    </message>
    <message>
      <source>The segments parameters need 0 &lt;= min_cluster_share &lt; 0.5 and -1 &lt;= min_stability &lt;= 1</source>
      <extracomment>id: segments.share_range</extracomment>
      <translation>分群参数需满足 0 &lt;= min_cluster_share &lt; 0.5 且 -1 &lt;= min_stability &lt;= 1</translation>
    </message>
    <message>
      <source>The segments parameters: {detail}</source>
      <extracomment>id: segments.bad_params</extracomment>
      <translation>分群参数有误：{detail}</translation>
    </message>
    <message>
      <source>horizon, lookback, seq_weeks, train_cuts must be ≥ 1 and top_k ≥ 2</source>
      <extracomment>id: migration.bad_params</extracomment>
      <translation>horizon、lookback、seq_weeks、train_cuts 必须 ≥ 1，且 top_k ≥ 2</translation>
    </message>
    <message>
      <source>Unknown model {name}; choose from {choices}</source>
      <extracomment>id: model.unknown</extracomment>
      <translation>未知模型 {name}；可选：{choices}</translation>
    </message>
    <message>
      <source>{name} is not available in this build ({detail})</source>
      <extracomment>id: model.unavailable</extracomment>
      <translation>此版本中没有 {name}（{detail}）</translation>
    </message>
    <message>
      <source>{name} has no backtest; backtest one of {choices}</source>
      <extracomment>id: model.no_backtest</extracomment>
      <translation>{name} 没有回测；可回测的模型：{choices}</translation>
    </message>
    <message>
      <source>Unknown name {name}; choose from {choices}</source>
      <extracomment>id: export.unknown_name</extracomment>
      <translation>未知名称 {name}；可选：{choices}</translation>
    </message>
    <message>
      <source>No column {names} in the rows to export</source>
      <extracomment>id: export.no_column</extracomment>
      <translation>要导出的数据中没有列 {names}</translation>
    </message>
    <message>
      <source>Cannot write {name}: use .csv, .parquet or .xlsx</source>
      <extracomment>id: export.bad_suffix</extracomment>
      <translation>无法写入 {name}：请使用 .csv、.parquet 或 .xlsx</translation>
    </message>
    <message>
      <source>Folder {folder} does not exist</source>
      <extracomment>id: export.no_folder</extracomment>
      <translation>文件夹 {folder} 不存在</translation>
    </message>
    <message>
      <source>{path} is a folder</source>
      <extracomment>id: export.is_folder</extracomment>
      <translation>{path} 是一个文件夹</translation>
    </message>
    <message>
      <source>{rows:,} rows do not fit in one Excel sheet; export to CSV or Parquet</source>
      <extracomment>id: export.too_many_rows</extracomment>
      <translation>{rows:,} 行超出一个 Excel 工作表的容量；请导出为 CSV 或 Parquet</translation>
    </message>
    <message>
      <source>Cannot write {name}: the folder {folder} cannot be written to (permission denied); choose another</source>
      <extracomment>id: export.permission</extracomment>
      <translation>无法写入 {name}：文件夹 {folder} 不可写（权限被拒绝）；请选择其他文件夹</translation>
    </message>
    <message>
      <source>No space left on the disk that holds {folder}: {name} was not written</source>
      <extracomment>id: export.disk_full</extracomment>
      <translation>{folder} 所在磁盘空间已满：未写入 {name}</translation>
    </message>
    <message>
      <source>Cannot write {name}: {detail}</source>
      <extracomment>id: export.failed</extracomment>
      <translation>无法写入 {name}：{detail}</translation>
    </message>
    <message>
      <source>Cannot write {name}: campaign lists are exported as .csv or .xlsx</source>
      <extracomment>id: campaign.bad_suffix</extracomment>
      <translation>无法写入 {name}：营销名单只能导出为 .csv 或 .xlsx</translation>
    </message>
    <message>
      <source>No shift scores yet: train the migration model first</source>
      <extracomment>id: campaign.no_scores</extracomment>
      <translation>尚无迁移评分：请先训练迁移模型</translation>
    </message>
    <message>
      <source>Tier and cluster filters need a segments run: train the segments model</source>
      <extracomment>id: campaign.needs_segments</extracomment>
      <translation>按分层和群组筛选需要一次分群运行：请训练分群模型</translation>
    </message>
    <message>
      <source>The lapse risk filter needs a decay run: train the decay model</source>
      <extracomment>id: campaign.needs_decay</extracomment>
      <translation>按流失风险筛选需要一次衰减模型运行：请训练衰减模型</translation>
    </message>
    <message>
      <source>Choose a target category</source>
      <extracomment>id: campaign.choose_category</extracomment>
      <translation>请选择目标品类</translation>
    </message>
    <message>
      <source>Unknown target {target}: choose a category, {choices}</source>
      <extracomment>id: campaign.unknown_target</extracomment>
      <translation>未知目标 {target}：请选择一个品类，或 {choices}</translation>
    </message>
    <message>
      <source>Unknown customer attribute {name}: choose from {choices}</source>
      <extracomment>id: campaign.unknown_attribute</extracomment>
      <translation>未知的顾客属性 {name}：请从 {choices} 中选择</translation>
    </message>
    <message>
      <source>Train the migration model (the Migration page's Train button, or `python main.py train PROJECT --models migration`) to get shift scores</source>
      <extracomment>id: campaign.hint.migration</extracomment>
      <translation>请训练品类迁移模型（“迁移”页上的“训练”按钮，或 `python main.py train PROJECT --models migration`）以获得迁移评分</translation>
    </message>
    <message>
      <source>Train the segments model to filter by tier or cluster</source>
      <extracomment>id: campaign.hint.segments</extracomment>
      <translation>请训练分群模型，以便按分层或群组筛选</translation>
    </message>
    <message>
      <source>Train the decay model to filter by lapse risk</source>
      <extracomment>id: campaign.hint.decay</extracomment>
      <translation>请训练衰减模型，以便按流失风险筛选</translation>
    </message>
    <message>
      <source>Train the customers model (`python main.py train PROJECT --models customers`) to target customers likely to lapse or of high expected value</source>
      <extracomment>id: campaign.hint.customers</extracomment>
      <translation>请训练顾客模型（`python main.py train PROJECT --models customers`），以便定向可能流失或预期价值高的顾客</translation>
    </message>
    <message>
      <source>No data after {date} yet: import later orders to measure this campaign.</source>
      <extracomment>id: uplift.waiting</extracomment>
      <translation>{date} 之后还没有数据：请导入之后的订单来衡量此次营销。</translation>
    </message>
    <message>
      <source>Both a target and a control group are needed to measure uplift.</source>
      <extracomment>id: uplift.no_groups</extracomment>
      <translation>衡量提升效果需要目标组和对照组。</translation>
    </message>
    <message>
      <source>{observed:.1f} of {weeks} weeks observed</source>
      <extracomment>id: uplift.window.partial</extracomment>
      <translation>已观察 {observed:.1f} 周（共 {weeks} 周）</translation>
    </message>
    <message>
      <source>{weeks} weeks</source>
      <extracomment>id: uplift.window.complete</extracomment>
      <translation>{weeks} 周</translation>
    </message>
    <message>
      <source>{window}: {shifted_target} of {n_target} targets shifted ({rate_target:.1f}%) vs {shifted_control} of {n_control} in control ({rate_control:.1f}%). Uplift {uplift:+.1f} points, 95% CI {ci_low:+.1f} to {ci_high:+.1f} points: {verdict}.</source>
      <extracomment>id: uplift.sentence</extracomment>
      <translation>{window}：{n_target} 位目标顾客中有 {shifted_target} 位转移（{rate_target:.1f}%），对照组 {n_control} 位中有 {shifted_control} 位（{rate_control:.1f}%）。提升 {uplift:+.1f} 个百分点，95% 置信区间 {ci_low:+.1f} 至 {ci_high:+.1f} 个百分点：{verdict}。</translation>
    </message>
    <message>
      <source>{window}: {shifted_target} of {n_target} targets bought ({rate_target:.1f}%) vs {shifted_control} of {n_control} in control ({rate_control:.1f}%). Uplift {uplift:+.1f} points, 95% CI {ci_low:+.1f} to {ci_high:+.1f} points: {verdict}.</source>
      <extracomment>id: uplift.sentence.bought</extracomment>
      <translation>{window}：{n_target} 位目标顾客中有 {shifted_target} 位购买（{rate_target:.1f}%），对照组 {n_control} 位中有 {shifted_control} 位（{rate_control:.1f}%）。提升 {uplift:+.1f} 个百分点，95% 置信区间 {ci_low:+.1f} 至 {ci_high:+.1f} 个百分点：{verdict}。</translation>
    </message>
    <message>
      <source>the campaign made a difference</source>
      <extracomment>id: uplift.verdict.positive</extracomment>
      <translation>此次营销产生了效果</translation>
    </message>
    <message>
      <source>worse than no message</source>
      <extracomment>id: uplift.verdict.negative</extracomment>
      <translation>比不发送消息更差</translation>
    </message>
    <message>
      <source>not distinguishable from no effect yet</source>
      <extracomment>id: uplift.verdict.unclear</extracomment>
      <translation>目前还无法与无效果区分</translation>
    </message>
    <message>
      <source>As of</source>
      <extracomment>id: card.as_of</extracomment>
      <translation>基准日期</translation>
    </message>
    <message>
      <source>Evaluated on</source>
      <extracomment>id: card.evaluated_on</extracomment>
      <translation>评估方式</translation>
    </message>
    <message>
      <source>out of sample, the {weeks} weeks after each of {n} cuts ({cuts}); each fitted only on earlier cuts</source>
      <extracomment>id: card.evaluated_on.text</extracomment>
      <translation>样本外评估：{n} 个切点（{cuts}）各自之后的 {weeks} 周；每次只用更早的切点拟合</translation>
    </message>
    <message>
      <source>out of sample, the {weeks} weeks after one cut ({cuts}); fitted only on earlier cuts (one cut: no spread across cuts)</source>
      <extracomment>id: card.evaluated_on.text.one</extracomment>
      <translation>样本外：一个切点（{cuts}）之后的 {weeks} 周；只用更早的切点拟合（仅一个切点：没有切点间的波动）</translation>
    </message>
    <message>
      <source>Shipped score</source>
      <extracomment>id: card.shipped</extracomment>
      <translation>采用的评分</translation>
    </message>
    <message>
      <source>{label}: {why}</source>
      <extracomment>id: card.shipped.text</extracomment>
      <translation>{label}：{why}</translation>
    </message>
    <message>
      <source>Categories</source>
      <extracomment>id: card.categories</extracomment>
      <translation>品类</translation>
    </message>
    <message>
      <source>{scored} scored (every category with ≥ {min_buyers} buyers), of {total}</source>
      <extracomment>id: card.categories.text</extracomment>
      <translation>已评分 {scored} 个（所有购买者 ≥ {min_buyers} 人的品类），共 {total} 个</translation>
    </message>
    <message>
      <source>Customers scored</source>
      <extracomment>id: card.customers</extracomment>
      <translation>已评分顾客</translation>
    </message>
    <message>
      <source>{n:,}</source>
      <extracomment>id: card.count</extracomment>
      <translation>{n:,}</translation>
    </message>
    <message>
      <source>Candidate pairs</source>
      <extracomment>id: card.pairs</extracomment>
      <translation>候选组合</translation>
    </message>
    <message>
      <source>{scored:,} scored; {kept:,} kept (each customer's top {top} and every pair ≥ {floor})</source>
      <extracomment>id: card.pairs.text</extracomment>
      <translation>已评分 {scored:,} 个；保留 {kept:,} 个（每位顾客的前 {top} 个，以及所有评分 ≥ {floor} 的组合）</translation>
    </message>
    <message>
      <source>Time taken</source>
      <extracomment>id: card.time</extracomment>
      <translation>耗时</translation>
    </message>
    <message>
      <source>{seconds:.0f} s</source>
      <extracomment>id: card.seconds</extracomment>
      <translation>{seconds:.0f} 秒</translation>
    </message>
    <message>
      <source>{label}  ← shipped</source>
      <extracomment>id: card.shipped_mark</extracomment>
      <translation>{label}  ← 已采用</translation>
    </message>
    <message>
      <source>{name}: no such file</source>
      <extracomment>id: import.no_file</extracomment>
      <translation>{name}：文件不存在</translation>
    </message>
    <message>
      <source>{name} is empty (0 bytes)</source>
      <extracomment>id: import.empty</extracomment>
      <translation>{name} 是空文件（0 字节）</translation>
    </message>
    <message>
      <source>{name} is an Office file but not a workbook: save it as .xlsx or CSV</source>
      <extracomment>id: import.office_not_workbook</extracomment>
      <translation>{name} 是 Office 文件，但不是工作簿：请另存为 .xlsx 或 CSV</translation>
    </message>
    <message>
      <source>{name} is not a text table (it looks like a binary file)</source>
      <extracomment>id: import.binary</extracomment>
      <translation>{name} 不是文本表格（看起来是二进制文件）</translation>
    </message>
    <message>
      <source>{name} has no rows (only blank lines)</source>
      <extracomment>id: import.blank</extracomment>
      <translation>{name} 没有数据行（只有空行）</translation>
    </message>
    <message>
      <source>{name} has a header but no data rows</source>
      <extracomment>id: import.header_only</extracomment>
      <translation>{name} 只有表头，没有数据行</translation>
    </message>
    <message>
      <source>{name} is not a readable Parquet file ({detail})</source>
      <extracomment>id: import.bad_parquet</extracomment>
      <translation>{name} 不是可读取的 Parquet 文件（{detail}）</translation>
    </message>
    <message>
      <source>{name} has columns but no rows</source>
      <extracomment>id: import.no_rows</extracomment>
      <translation>{name} 有列但没有行</translation>
    </message>
    <message>
      <source>{name} has no data rows</source>
      <extracomment>id: import.no_data_rows</extracomment>
      <translation>{name} 没有数据行</translation>
    </message>
    <message>
      <source>{name} unpacks to more than {limit}, the most one import may unpack</source>
      <extracomment>id: import.unpacks_too_big</extracomment>
      <translation>{name} 解压后超过 {limit}，这是一次导入最多可解压的大小</translation>
    </message>
    <message>
      <source>{name} is not a readable gzip file ({detail})</source>
      <extracomment>id: import.bad_gzip</extracomment>
      <translation>{name} 不是可读取的 gzip 文件（{detail}）</translation>
    </message>
    <message>
      <source>holds no CSV file</source>
      <extracomment>id: import.zip.none</extracomment>
      <translation>不含 CSV 文件</translation>
    </message>
    <message>
      <source>holds {n} CSV files ({names}…)</source>
      <extracomment>id: import.zip.many</extracomment>
      <translation>含有 {n} 个 CSV 文件（{names}…）</translation>
    </message>
    <message>
      <source>{name} is a zip archive that {what}: import a zip with one table, or unzip it and import the files</source>
      <extracomment>id: import.zip_tables</extracomment>
      <translation>{name} 是一个{what}的 zip 压缩包：请导入只含一张表的 zip，或解压后分别导入各文件</translation>
    </message>
    <message>
      <source>{name} is not a readable zip archive ({detail})</source>
      <extracomment>id: import.bad_zip</extracomment>
      <translation>{name} 不是可读取的 zip 压缩包（{detail}）</translation>
    </message>
    <message>
      <source>{name} is not a readable workbook ({detail})</source>
      <extracomment>id: import.bad_workbook</extracomment>
      <translation>{name} 不是可读取的工作簿（{detail}）</translation>
    </message>
    <message>
      <source>{name}: its sheet has {rows:,} rows, more than the {limit:,} an Excel sheet can hold</source>
      <extracomment>id: import.sheet_rows</extracomment>
      <translation>{name}：其工作表有 {rows:,} 行，超过 Excel 工作表最多可容纳的 {limit:,} 行</translation>
    </message>
    <message>
      <source>{name}: its sheet has more than the {limit:,} rows an Excel sheet can hold</source>
      <extracomment>id: import.sheet_rows_over</extracomment>
      <translation>{name}：其工作表超过 Excel 工作表最多可容纳的 {limit:,} 行</translation>
    </message>
    <message>
      <source>{name}: the workbook has no filled cells</source>
      <extracomment>id: import.workbook_empty</extracomment>
      <translation>{name}：工作簿中没有填写任何单元格</translation>
    </message>
    <message>
      <source>{name}: its text cells unpack to {mb:,.0f} MB, more than the {limit} an import may hold</source>
      <extracomment>id: import.shared_strings_too_big</extracomment>
      <translation>{name}：其文本单元格解压后为 {mb:,.0f} MB，超过一次导入最多可容纳的 {limit}</translation>
    </message>
    <message>
      <source>{name}: its sheet unpacks to {gb:,.1f} GB, more than the {limit} an import may unpack</source>
      <extracomment>id: import.sheet_too_big</extracomment>
      <translation>{name}：其工作表解压后为 {gb:,.1f} GB，超过一次导入最多可解压的 {limit}</translation>
    </message>
    <message>
      <source>The mapping is not valid: {detail}</source>
      <extracomment>id: import.bad_mapping</extracomment>
      <translation>列映射无效：{detail}</translation>
    </message>
    <message>
      <source>no column for the customer</source>
      <extracomment>id: import.no_column.customer_id</extracomment>
      <translation>没有顾客列</translation>
    </message>
    <message>
      <source>no column for the time</source>
      <extracomment>id: import.no_column.ts</extracomment>
      <translation>没有时间列</translation>
    </message>
    <message>
      <source>no column for the customer and the time</source>
      <extracomment>id: import.no_column.customer_id_ts</extracomment>
      <translation>没有顾客列和时间列</translation>
    </message>
    <message>
      <source>there is no text encoding called {encoding!r} (try utf-8, gb18030, big5, cp932, cp949 or cp1252)</source>
      <extracomment>id: import.unknown_encoding</extracomment>
      <translation>没有名为 {encoding!r} 的文本编码（可试 utf-8、gb18030、big5、cp932、cp949 或 cp1252）</translation>
    </message>
    <message>
      <source>{name} removed: {events:,} events</source>
      <extracomment>id: import.removed</extracomment>
      <translation>已移除 {name}：{events:,} 个事件</translation>
    </message>
    <message>
      <source>{removed}. {groups}</source>
      <extracomment>id: import.removed.groups</extracomment>
      <translation>{removed}。{groups}</translation>
    </message>
    <message>
      <source>There is no import {import_id} in this project</source>
      <extracomment>id: import.remove.none</extracomment>
      <translation>本项目没有第 {import_id} 次导入</translation>
    </message>
    <message>
      <source>No import of this project is of a file called {name}</source>
      <extracomment>id: import.remove.none_named</extracomment>
      <translation>本项目没有导入过名为 {name} 的文件</translation>
    </message>
    <message>
      <source>{name} cannot be removed before {later}: rows of theirs that {name} already held were skipped as duplicates and would be lost with it. Remove {later} first.</source>
      <extracomment>id: import.remove.overlapped</extracomment>
      <translation>{name} 不能在 {later} 之前移除：其中与 {name} 重复的行已作为重复项跳过，会随之一并丢失。请先移除 {later}。</translation>
    </message>
    <message>
      <source>{name}: every line reads as one column: its values are not separated by a comma, a semicolon, a tab or |. Save it with its columns so separated (as CSV) and import it again.</source>
      <extracomment>id: import.one_column</extracomment>
      <translation>{name}：每行都只读出一列：各值之间没有逗号、分号、制表符或 | 分隔。请把各列用这些符号分隔后另存（如 CSV），再导入。</translation>
    </message>
    <message>
      <source>it does not look like a {format} export</source>
      <extracomment>id: import.not_format</extracomment>
      <translation>看起来不像 {format} 导出的文件</translation>
    </message>
    <message>
      <source>the format is not recognised</source>
      <extracomment>id: import.unrecognised</extracomment>
      <translation>无法识别文件格式</translation>
    </message>
    <message>
      <source>{name}: {what}. Choose the columns in the mapping dialog (or pass --mapping FILE.json).</source>
      <extracomment>id: import.needs_mapping</extracomment>
      <translation>{name}：{what}。请在列映射对话框中选择各列（或使用 --mapping FILE.json）。</translation>
    </message>
    <message>
      <source>the mapping names columns the file does not have: {columns}</source>
      <extracomment>id: import.mapping_absent</extracomment>
      <translation>列映射指定了文件中没有的列：{columns}</translation>
    </message>
    <message>
      <source>the mapping has no column for {roles}</source>
      <extracomment>id: import.mapping_missing</extracomment>
      <translation>列映射缺少以下角色的列：{roles}</translation>
    </message>
    <message>
      <source>{name}: {problem}</source>
      <extracomment>id: import.file_problem</extracomment>
      <translation>{name}：{problem}</translation>
    </message>
    <message>
      <source>{name}: not imported, since another file of this import failed</source>
      <extracomment>id: import.rolled_back</extracomment>
      <translation>{name}：未导入，因为本次导入的另一个文件失败了</translation>
    </message>
    <message>
      <source>{name}: none of its {rows:,} rows could be read (most common problem: {problem})</source>
      <extracomment>id: import.nothing_readable</extracomment>
      <translation>{name}：{rows:,} 行全部无法读取（最常见的问题：{problem}）</translation>
    </message>
    <message>
      <source>unknown</source>
      <extracomment>id: import.unknown</extracomment>
      <translation>未知</translation>
    </message>
    <message>
      <source>every readable row was already in the project; nothing added</source>
      <extracomment>id: import.all_known</extracomment>
      <translation>所有可读取的行都已在项目中；未添加任何数据</translation>
    </message>
    <message>
      <source>every readable row was already in the project; nothing added; see the rejected rows of import {import_id}</source>
      <extracomment>id: import.all_known.rejects</extracomment>
      <translation>所有可读取的行都已在项目中；未添加任何数据；请查看第 {import_id} 次导入的被拒行</translation>
    </message>
    <message>
      <source>see the rejected rows of import {import_id}</source>
      <extracomment>id: import.see_rejects</extracomment>
      <translation>请查看第 {import_id} 次导入的被拒行</translation>
    </message>
    <message>
      <source>{name} was already imported; nothing changed (to read it again otherwise, remove import {import_id} first)</source>
      <extracomment>id: import.already</extracomment>
      <translation>{name} 已导入过；没有任何改动（如要换一种方式重新读取，请先移除第 {import_id} 次导入）</translation>
    </message>
    <message>
      <source>Choose a column for: {roles}</source>
      <extracomment>id: import.choose_columns</extracomment>
      <translation>请为以下角色选择列：{roles}</translation>
    </message>
    <message>
      <source>{first}; {rest}</source>
      <extracomment>id: import.files</extracomment>
      <translation>{first}；{rest}</translation>
    </message>
    <message>
      <source>{name}: {format}, {parts}</source>
      <extracomment>id: import.result</extracomment>
      <translation>{name}：{format}，{parts}</translation>
    </message>
    <message>
      <source>the buyers and times of {orders:,} orders, read with the lines of {lines}</source>
      <extracomment>id: import.result.orders_given</extracomment>
      <translation>{orders:,} 个订单的买家和时间，与 {lines} 的订单行一起读入</translation>
    </message>
    <message>
      <source>the buyer and time of {orders:,} order, read with the lines of {lines}</source>
      <extracomment>id: import.result.orders_given.one</extracomment>
      <translation>{orders:,} 个订单的买家和时间，与 {lines} 的订单行一起读入</translation>
    </message>
    <message>
      <source>{name}: its order lines have no buyer and no time; they are in the shop's order report (订单报表, ExportOrderList): import both files together</source>
      <extracomment>id: import.lines_without_orders</extracomment>
      <translation>{name}：这些订单行没有买家，也没有时间；它们在店铺的订单报表（订单报表，ExportOrderList）中：请把两个文件一起导入</translation>
    </message>
    <message>
      <source>{name} was imported alone before (import {import_id}), an event per order with its titles joined; its lines would count each order again: remove import {import_id} first, then import both files together</source>
      <extracomment>id: import.orders_imported_alone</extracomment>
      <translation>{name} 之前已单独导入过（导入 {import_id}），每个订单一条事件、宝贝标题连在一起；再与它的订单行一起导入会把每个订单算两次：请先删除导入 {import_id}，再把两个文件一起导入</translation>
    </message>
    <message>
      <source>{name} is Taobao's order report: each order landed as one line whose product is its titles joined ({column}); import it together with its 宝贝报表 (ExportOrderDetailList) for each line's own product</source>
      <extracomment>id: import.order_report_alone</extracomment>
      <translation>{name} 是淘宝的订单报表：每个订单都作为一行导入，其商品是连在一起的宝贝标题（{column}）；请把它与宝贝报表（ExportOrderDetailList）一起导入，以得到每一行自己的商品</translation>
    </message>
    <message>
      <source>{rows:,} rows imported</source>
      <extracomment>id: import.result.rows</extracomment>
      <translation>已导入 {rows:,} 行</translation>
    </message>
    <message>
      <source>{rows:,} row imported</source>
      <extracomment>id: import.result.rows.one</extracomment>
      <translation>已导入 {rows:,} 行</translation>
    </message>
    <message>
      <source>{rows:,} customers' attributes imported</source>
      <extracomment>id: import.result.listed.customer_list</extracomment>
      <translation>已导入 {rows:,} 位顾客的属性</translation>
    </message>
    <message>
      <source>{rows:,} customer's attributes imported</source>
      <extracomment>id: import.result.listed.customer_list.one</extracomment>
      <translation>已导入 {rows:,} 位顾客的属性</translation>
    </message>
    <message>
      <source>{rows:,} products' categories imported</source>
      <extracomment>id: import.result.listed.product_catalog</extracomment>
      <translation>已导入 {rows:,} 件商品的品类</translation>
    </message>
    <message>
      <source>{rows:,} product's category imported</source>
      <extracomment>id: import.result.listed.product_catalog.one</extracomment>
      <translation>已导入 {rows:,} 件商品的品类</translation>
    </message>
    <message>
      <source>{rows:,} rejected</source>
      <extracomment>id: import.result.rejected</extracomment>
      <translation>{rows:,} 行被拒</translation>
    </message>
    <message>
      <source>{rows:,} already in the project</source>
      <extracomment>id: import.result.duplicate</extracomment>
      <translation>{rows:,} 行已在项目中</translation>
    </message>
    <message>
      <source>{rows:,} left out (cancelled, non-shopping or totals rows)</source>
      <extracomment>id: import.result.skipped</extracomment>
      <translation>{rows:,} 行被略过（已取消、非购物事件或合计行）</translation>
    </message>
    <message>
      <source>{column} held each order's total on every line: shared out over the lines of {orders:,} orders</source>
      <extracomment>id: import.result.shared</extracomment>
      <translation>金额列（{column}）在订单的每一行都填了整单金额：已把 {orders:,} 个订单的金额平分到各行</translation>
    </message>
    <message>
      <source>read from the sheet '{sheet}', not the first (a cover: a title and totals, or empty)</source>
      <extracomment>id: import.result.sheet</extracomment>
      <translation>从工作表“{sheet}”读取，而不是第一个工作表（它是封面：标题和合计，或是空的）</translation>
    </message>
    <message>
      <source>{column} packed each order's items in one cell: read as a line per item</source>
      <extracomment>id: import.result.unpacked</extracomment>
      <translation>{column} 把每个订单的商品写在一个单元格里：已按每件商品一行读取</translation>
    </message>
    <message>
      <source>categories written as numbers in {ids} are named by {names} where it names them</source>
      <extracomment>id: import.result.category_names</extracomment>
      <translation>{ids} 中以数字写出的品类，凡 {names} 有名称处按其名称</translation>
    </message>
    <message>
      <source>{column} holds each order's total on its every line: each line's amount is its {price} times its quantity</source>
      <extracomment>id: import.result.priced</extracomment>
      <translation>{column} 在订单的每一行都写着整单总额：每行金额按其 {price} 乘以数量计算</translation>
    </message>
    <message>
      <source>{column} holds no number on {rows:,} lines (such as '{example}'): they count without spend</source>
      <extracomment>id: import.result.unread_amounts</extracomment>
      <translation>{column} 列有 {rows:,} 行不是数字（如“{example}”）：这些行按无金额计</translation>
    </message>
    <message>
      <source>{column} holds no number on one line ('{example}'): it counts without spend</source>
      <extracomment>id: import.result.unread_amounts.one</extracomment>
      <translation>{column} 列有 1 行不是数字（“{example}”）：该行按无金额计</translation>
    </message>
    <message>
      <source>{column} holds no number on {rows:,} lines: they count without spend</source>
      <extracomment>id: import.result.unread_amounts.bare</extracomment>
      <translation>{column} 列有 {rows:,} 行不是数字：这些行按无金额计</translation>
    </message>
    <message>
      <source>{column} holds no number on one line: it counts without spend</source>
      <extracomment>id: import.result.unread_amounts.bare.one</extracomment>
      <translation>{column} 列有 1 行不是数字：该行按无金额计</translation>
    </message>
    <message>
      <source>{rows:,} lines are in another currency than {currency} (such as {others}): they count without spend (no exchange rate was given)</source>
      <extracomment>id: import.result.other_currency</extracomment>
      <translation>{rows:,} 行的币种不是 {currency}（如 {others}）：这些行按无金额计（未提供汇率）</translation>
    </message>
    <message>
      <source>one line is in another currency than {currency} ({others}): it counts without spend (no exchange rate was given)</source>
      <extracomment>id: import.result.other_currency.one</extracomment>
      <translation>1 行的币种不是 {currency}（{others}）：该行按无金额计（未提供汇率）</translation>
    </message>
    <message>
      <source>{rows:,} lines are in another currency than {currency}: they count without spend (no exchange rate was given)</source>
      <extracomment>id: import.result.other_currency.bare</extracomment>
      <translation>{rows:,} 行的币种不是 {currency}：这些行按无金额计（未提供汇率）</translation>
    </message>
    <message>
      <source>one line is in another currency than {currency}: it counts without spend (no exchange rate was given)</source>
      <extracomment>id: import.result.other_currency.bare.one</extracomment>
      <translation>1 行的币种不是 {currency}：该行按无金额计（未提供汇率）</translation>
    </message>
    <message>
      <source>amounts in other currencies converted to {currency} at the rates given ({rates})</source>
      <extracomment>id: import.result.converted</extracomment>
      <translation>其他币种的金额已按所给汇率换算为 {currency}（{rates}）</translation>
    </message>
    <message>
      <source>{rows:,} lines are dated after today (the latest {latest}): check how the time column was read (File ▸ Import and choose columns, or a mapping's ts_format)</source>
      <extracomment>id: import.result.future</extracomment>
      <translation>有 {rows:,} 行的日期晚于今天（最晚 {latest}）：请检查时间列的读取方式（文件 ▸ 导入并选择列，或映射文件的 ts_format）</translation>
    </message>
    <message>
      <source>one line is dated after today ({latest}): check how the time column was read (File ▸ Import and choose columns, or a mapping's ts_format)</source>
      <extracomment>id: import.result.future.one</extracomment>
      <translation>有 1 行的日期晚于今天（{latest}）：请检查时间列的读取方式（文件 ▸ 导入并选择列，或映射文件的 ts_format）</translation>
    </message>
    <message>
      <source>{rows:,} lines are dated before 1995 (the earliest {earliest}): check how the time column was read (File ▸ Import and choose columns, or a mapping's ts_format)</source>
      <extracomment>id: import.result.early</extracomment>
      <translation>有 {rows:,} 行的日期早于 1995 年（最早 {earliest}）：请检查时间列的读取方式（文件 ▸ 导入并选择列，或映射文件的 ts_format）</translation>
    </message>
    <message>
      <source>one line is dated before 1995 ({earliest}): check how the time column was read (File ▸ Import and choose columns, or a mapping's ts_format)</source>
      <extracomment>id: import.result.early.one</extracomment>
      <translation>有 1 行的日期早于 1995 年（{earliest}）：请检查时间列的读取方式（文件 ▸ 导入并选择列，或映射文件的 ts_format）</translation>
    </message>
    <message>
      <source>{result}. {groups}</source>
      <extracomment>id: import.result.groups</extracomment>
      <translation>{result}。{groups}</translation>
    </message>
    <message>
      <source>{result}. {warning}</source>
      <extracomment>id: import.result.warning</extracomment>
      <translation>{result}。{warning}</translation>
    </message>
    <message>
      <source>The customer column ({column}) holds masked ids ({example}, {share:.0%} of the first rows): buyers whose masked ids match count as one customer. Map a column that identifies each buyer, such as a buyer id or account, if the export has one</source>
      <extracomment>id: import.masked_ids</extracomment>
      <translation>顾客列（{column}）是打码的编号（{example}，前面各行中占 {share:.0%}）：打码后相同的买家会被算作同一位顾客。若导出文件中有能区分每位买家的列（如买家 ID 或账号），请改为映射该列</translation>
    </message>
    <message>
      <source>The {column} column holds numbers Excel wrote in scientific notation ({example}): their last digits are lost, so different ids read as one. Export the file again and import it without saving it in Excel (or save that column as text)</source>
      <extracomment>id: import.scientific_ids</extracomment>
      <translation>{column} 列中的数字被 Excel 写成了科学计数法（{example}）：末尾几位已丢失，不同的编号会被当作同一个。请重新导出文件，不经 Excel 保存直接导入（或把该列保存为文本格式）</translation>
    </message>
    <message>
      <source>The customer column ({column}) holds one value ({example}) on all of the first {rows:,} rows: every buyer would count as one customer. Map the column that identifies each buyer</source>
      <extracomment>id: import.one_customer</extracomment>
      <translation>顾客列（{column}）在前 {rows:,} 行中只有一个值（{example}）：所有买家都会被算作同一位顾客。请映射能区分每位买家的列</translation>
    </message>
    <message>
      <source>{name}: already imported (import {import_id}), nothing changed; to read it again otherwise, remove that import first</source>
      <extracomment>id: import.result.already</extracomment>
      <translation>{name}：已导入过（第 {import_id} 次导入），没有任何改动；如要换一种方式重新读取，请先移除该次导入</translation>
    </message>
    <message>
      <source>Products not grouped (cancelled): the Data page can group them later.</source>
      <extracomment>id: groups.cancelled</extracomment>
      <translation>商品未分组（已取消）：之后可在“数据”页上分组。</translation>
    </message>
    <message>
      <source>too many fields</source>
      <extracomment>id: reject.too_many_fields</extracomment>
      <translation>字段过多</translation>
    </message>
    <message>
      <source>too few fields</source>
      <extracomment>id: reject.too_few_fields</extracomment>
      <translation>字段过少</translation>
    </message>
    <message>
      <source>stray quote</source>
      <extracomment>id: reject.stray_quote</extracomment>
      <translation>多余的引号</translation>
    </message>
    <message>
      <source>line too long</source>
      <extracomment>id: reject.line_too_long</extracomment>
      <translation>行过长</translation>
    </message>
    <message>
      <source>invalid characters</source>
      <extracomment>id: reject.invalid_characters</extracomment>
      <translation>无效字符</translation>
    </message>
    <message>
      <source>no customer id</source>
      <extracomment>id: reject.no_customer</extracomment>
      <translation>缺少顾客编号</translation>
    </message>
    <message>
      <source>no time</source>
      <extracomment>id: reject.no_time</extracomment>
      <translation>缺少时间</translation>
    </message>
    <message>
      <source>its order is in no orders' file of the import</source>
      <extracomment>id: reject.no_order</extracomment>
      <translation>它的订单不在本次导入的任何订单报表中</translation>
    </message>
    <message>
      <source>unreadable time</source>
      <extracomment>id: reject.kind.bad_time</extracomment>
      <translation>无法识别的时间</translation>
    </message>
    <message>
      <source>unknown event type</source>
      <extracomment>id: reject.kind.bad_event</extracomment>
      <translation>未知的事件类型</translation>
    </message>
    <message>
      <source>unreadable quantity</source>
      <extracomment>id: reject.kind.bad_quantity</extracomment>
      <translation>无法识别的数量</translation>
    </message>
    <message>
      <source>unreadable time '{value}'</source>
      <extracomment>id: reject.bad_time</extracomment>
      <translation>无法识别的时间“{value}”</translation>
    </message>
    <message>
      <source>unknown event type '{value}'</source>
      <extracomment>id: reject.bad_event</extracomment>
      <translation>未知的事件类型“{value}”</translation>
    </message>
    <message>
      <source>unreadable quantity '{value}'</source>
      <extracomment>id: reject.bad_quantity</extracomment>
      <translation>无法识别的数量“{value}”</translation>
    </message>
    <message>
      <source>formula without a value (cell {cell})</source>
      <extracomment>id: reject.formula</extracomment>
      <translation>公式没有计算结果（单元格 {cell}）</translation>
    </message>
    <message>
      <source>a cell longer than Excel's {limit:,} characters</source>
      <extracomment>id: reject.long_cell</extracomment>
      <translation>单元格超过 Excel 的 {limit:,} 个字符上限</translation>
    </message>
    <message>
      <source>row longer than {limit} (the most one row may hold)</source>
      <extracomment>id: reject.long_row</extracomment>
      <translation>行长超过 {limit}（单行最多可容纳的长度）</translation>
    </message>
    <message>
      <source>Checking {name}</source>
      <extracomment>id: progress.checking</extracomment>
      <translation>正在检查 {name}</translation>
    </message>
    <message>
      <source>Removing {name}…</source>
      <extracomment>id: progress.removing</extracomment>
      <translation>正在移除 {name}…</translation>
    </message>
    <message>
      <source>Reading {name}</source>
      <extracomment>id: progress.reading</extracomment>
      <translation>正在读取 {name}</translation>
    </message>
    <message>
      <source>Saving</source>
      <extracomment>id: progress.saving</extracomment>
      <translation>正在保存</translation>
    </message>
    <message>
      <source>Demo project ready</source>
      <extracomment>id: progress.demo_ready</extracomment>
      <translation>示例项目已就绪</translation>
    </message>
    <message>
      <source>Counting</source>
      <extracomment>id: progress.counting</extracomment>
      <translation>正在计数</translation>
    </message>
    <message>
      <source>{n:,} customers</source>
      <extracomment>id: progress.n_customers</extracomment>
      <translation>{n:,} 位顾客</translation>
    </message>
    <message>
      <source>Saved {name}</source>
      <extracomment>id: progress.saved</extracomment>
      <translation>已保存 {name}</translation>
    </message>
    <message>
      <source>Measured {name}</source>
      <extracomment>id: progress.measured</extracomment>
      <translation>已评估 {name}</translation>
    </message>
    <message>
      <source>Building the list</source>
      <extracomment>id: progress.building_list</extracomment>
      <translation>正在生成名单</translation>
    </message>
    <message>
      <source>Updating item categories</source>
      <extracomment>id: progress.item_categories</extracomment>
      <translation>正在更新商品品类</translation>
    </message>
    <message>
      <source>Checking rows</source>
      <extracomment>id: progress.checking_rows</extracomment>
      <translation>正在检查各行</translation>
    </message>
    <message>
      <source>Customer attributes</source>
      <extracomment>id: progress.attributes</extracomment>
      <translation>顾客属性</translation>
    </message>
    <message>
      <source>{name} was already imported</source>
      <extracomment>id: progress.already_imported</extracomment>
      <translation>{name} 已导入过</translation>
    </message>
    <message>
      <source>Grouping products: reading items</source>
      <extracomment>id: progress.grouping.items</extracomment>
      <translation>商品分组：正在读取商品</translation>
    </message>
    <message>
      <source>Grouping products: saving the groups</source>
      <extracomment>id: progress.grouping.saving</extracomment>
      <translation>商品分组：正在保存分组</translation>
    </message>
    <message>
      <source>Products grouped</source>
      <extracomment>id: progress.grouping.done</extracomment>
      <translation>商品已分组</translation>
    </message>
    <message>
      <source>Waiting for the models being trained to finish (they read the shop's data as it is)</source>
      <extracomment>id: progress.waiting.models</extracomment>
      <translation>正在等待训练中的模型完成（它们按当前数据读取店铺）</translation>
    </message>
    <message>
      <source>Waiting for the import, removal or grouping under way to finish</source>
      <extracomment>id: progress.waiting.change</extracomment>
      <translation>正在等待进行中的导入、移除导入或商品分组完成</translation>
    </message>
    <message>
      <source>{model} ({i}/{n})</source>
      <extracomment>id: progress.step</extracomment>
      <translation>{model}（{i}/{n}）</translation>
    </message>
    <message>
      <source>{step}: done</source>
      <extracomment>id: progress.step_done</extracomment>
      <translation>{step}：完成</translation>
    </message>
    <message>
      <source>{step}: {message}</source>
      <extracomment>id: progress.step_message</extracomment>
      <translation>{step}：{message}</translation>
    </message>
    <message>
      <source>Reading product names</source>
      <extracomment>id: progress.grouping.names</extracomment>
      <translation>正在读取商品名称</translation>
    </message>
    <message>
      <source>Reading baskets</source>
      <extracomment>id: progress.grouping.baskets</extracomment>
      <translation>正在读取购物篮</translation>
    </message>
    <message>
      <source>Grouping {n:,} products</source>
      <extracomment>id: progress.grouping.n</extracomment>
      <translation>正在为 {n:,} 个商品分组</translation>
    </message>
    <message>
      <source>Naming the groups</source>
      <extracomment>id: progress.grouping.naming</extracomment>
      <translation>正在为分组命名</translation>
    </message>
    <message>
      <source>Writing {name}</source>
      <extracomment>id: progress.export.writing</extracomment>
      <translation>正在写入 {name}</translation>
    </message>
    <message>
      <source>Wrote {rows:,} rows to {name}</source>
      <extracomment>id: progress.export.wrote</extracomment>
      <translation>已将 {rows:,} 行写入 {name}</translation>
    </message>
    <message>
      <source>Writing rows</source>
      <extracomment>id: progress.export.rows</extracomment>
      <translation>正在写入各行</translation>
    </message>
    <message>
      <source>Loading {name}</source>
      <extracomment>id: progress.loading</extracomment>
      <translation>正在加载 {name}</translation>
    </message>
    <message>
      <source>Model libraries ready</source>
      <extracomment>id: progress.libraries_ready</extracomment>
      <translation>模型库已就绪</translation>
    </message>
    <message>
      <source>Building customer features</source>
      <extracomment>id: progress.segments.features</extracomment>
      <translation>正在构建顾客特征</translation>
    </message>
    <message>
      <source>Cutting tiers</source>
      <extracomment>id: progress.segments.tiers</extracomment>
      <translation>正在划分层级</translation>
    </message>
    <message>
      <source>Comparing with an earlier period</source>
      <extracomment>id: progress.segments.earlier</extracomment>
      <translation>正在与较早的时段比较</translation>
    </message>
    <message>
      <source>Choosing the number of clusters</source>
      <extracomment>id: progress.segments.choosing</extracomment>
      <translation>正在选择聚类数</translation>
    </message>
    <message>
      <source>Tried {k} clusters (silhouette {silhouette:.3f}, agreement across seeds {stability:.2f}, smallest {share:.1%})</source>
      <extracomment>id: progress.segments.tried</extracomment>
      <translation>已尝试 {k} 个聚类（轮廓系数 {silhouette:.3f}，不同随机种子间的一致性 {stability:.2f}，最小聚类占 {share:.1%}）</translation>
    </message>
    <message>
      <source>Assigning customers to clusters</source>
      <extracomment>id: progress.segments.assigning</extracomment>
      <translation>正在将顾客分配到聚类</translation>
    </message>
    <message>
      <source>Saving the segments</source>
      <extracomment>id: progress.segments.saving</extracomment>
      <translation>正在保存分群</translation>
    </message>
    <message>
      <source>Segments saved</source>
      <extracomment>id: progress.segments.saved</extracomment>
      <translation>分群已保存</translation>
    </message>
    <message>
      <source>Tiers saved (no categories to cluster)</source>
      <extracomment>id: progress.segments.tiers_saved</extracomment>
      <translation>层级已保存（没有可聚类的品类）</translation>
    </message>
    <message>
      <source>Saving the customer predictions</source>
      <extracomment>id: progress.customers.saving</extracomment>
      <translation>正在保存顾客预测</translation>
    </message>
    <message>
      <source>Customer predictions saved</source>
      <extracomment>id: progress.customers.saved</extracomment>
      <translation>顾客预测已保存</translation>
    </message>
    <message>
      <source>Customer backtest done</source>
      <extracomment>id: progress.customers.backtest_done</extracomment>
      <translation>顾客回测完成</translation>
    </message>
    <message>
      <source>Collecting orders</source>
      <extracomment>id: progress.customers.orders</extracomment>
      <translation>正在收集订单</translation>
    </message>
    <message>
      <source>Summarising customers at {n} cuts</source>
      <extracomment>id: progress.customers.summarising</extracomment>
      <translation>正在汇总 {n} 个切点上的顾客</translation>
    </message>
    <message>
      <source>Backtest at {date} (cut {i} of {n})</source>
      <extracomment>id: progress.customers.cut</extracomment>
      <translation>在 {date} 回测（第 {i} 个切点，共 {n} 个）</translation>
    </message>
    <message>
      <source>Scoring every customer as of the as-of date</source>
      <extracomment>id: progress.customers.scoring</extracomment>
      <translation>正在按基准日期为每位顾客评分</translation>
    </message>
    <message>
      <source>Scored and saved {n:,} customers</source>
      <extracomment>id: progress.customers.scored</extracomment>
      <translation>已评分并保存 {n:,} 位顾客</translation>
    </message>
    <message>
      <source>Fitting the shipped score ({winner}) on every labelled cut</source>
      <extracomment>id: progress.migration.fitting</extracomment>
      <translation>正在所有已标注切点上拟合采用的评分（{winner}）</translation>
    </message>
    <message>
      <source>Writing the shift scores</source>
      <extracomment>id: progress.migration.writing</extracomment>
      <translation>正在写入迁移评分</translation>
    </message>
    <message>
      <source>Backtest at cut {date}: fitting on earlier cuts</source>
      <extracomment>id: progress.migration.cut_fitting</extracomment>
      <translation>在切点 {date} 回测：正在用更早的切点拟合</translation>
    </message>
    <message>
      <source>Backtest at cut {date} done</source>
      <extracomment>id: progress.migration.cut_done</extracomment>
      <translation>切点 {date} 的回测完成</translation>
    </message>
    <message>
      <source>Building candidate pairs and their features (SQL)</source>
      <extracomment>id: progress.migration.pairs</extracomment>
      <translation>正在构建候选组合及其特征（SQL）</translation>
    </message>
    <message>
      <source>Transitions, neighbours and co-purchase scores</source>
      <extracomment>id: progress.migration.graph</extracomment>
      <translation>品类转移、近邻与共同购买评分</translation>
    </message>
    <message>
      <source>Weekly category sequences for the LSTM</source>
      <extracomment>id: progress.migration.sequences</extracomment>
      <translation>为 LSTM 准备每周品类序列</translation>
    </message>
    <message>
      <source>Backtest done</source>
      <extracomment>id: progress.backtest_done</extracomment>
      <translation>回测完成</translation>
    </message>
    <message>
      <source>Calibrating lapse probabilities</source>
      <extracomment>id: progress.decay.calibrating</extracomment>
      <translation>正在校准流失概率</translation>
    </message>
    <message>
      <source>Scoring interest, lapse risk and decay points</source>
      <extracomment>id: progress.decay.scoring</extracomment>
      <translation>正在为兴趣、流失风险和衰减点评分</translation>
    </message>
    <message>
      <source>Decay fitted for {n} categories</source>
      <extracomment>id: progress.decay.fitted</extracomment>
      <translation>已为 {n} 个品类拟合衰减</translation>
    </message>
    <message>
      <source>Comparing with what happened next</source>
      <extracomment>id: progress.decay.comparing</extracomment>
      <translation>正在与之后的实际情况比较</translation>
    </message>
    <message>
      <source>Fitting {category} ({i} of {n})</source>
      <extracomment>id: progress.decay.fitting</extracomment>
      <translation>正在拟合 {category}（第 {i} 个，共 {n} 个）</translation>
    </message>
    <message>
      <source>{category}: half-life {days:.0f} days</source>
      <extracomment>id: progress.decay.half_life</extracomment>
      <translation>{category}：半衰期 {days:.0f} 天</translation>
    </message>
    <message>
      <source>Lapse features of the candidates</source>
      <extracomment>id: progress.decay.lapse_features</extracomment>
      <translation>候选模型的流失特征</translation>
    </message>
    <message>
      <source>Training the lapse candidates on {n:,} pairs</source>
      <extracomment>id: progress.decay.lapse_training</extracomment>
      <translation>正在用 {n:,} 个组合训练流失候选模型</translation>
    </message>
    <message>
      <source>Scoring the lapse candidates</source>
      <extracomment>id: progress.decay.lapse_scoring</extracomment>
      <translation>正在为流失候选模型评分</translation>
    </message>
    <message>
      <source>Describing established customers by their first weeks</source>
      <extracomment>id: progress.transfer.established</extracomment>
      <translation>正在按前几周的行为描述老顾客</translation>
    </message>
    <message>
      <source>Measuring on held-out established customers</source>
      <extracomment>id: progress.transfer.measuring</extracomment>
      <translation>正在用留出的老顾客评估</translation>
    </message>
    <message>
      <source>Describing cold-start customers</source>
      <extracomment>id: progress.transfer.cold</extracomment>
      <translation>正在描述新顾客</translation>
    </message>
    <message>
      <source>Scoring cold-start customers from customers like them</source>
      <extracomment>id: progress.transfer.scoring</extracomment>
      <translation>正在根据相似顾客为新顾客评分</translation>
    </message>
    <message>
      <source>Scoring cold-start customers from customers like them ({done:,} of {n:,})</source>
      <extracomment>id: progress.transfer.scoring_part</extracomment>
      <translation>正在根据相似顾客为新顾客评分（{done:,} / {n:,}）</translation>
    </message>
    <message>
      <source>Transfer done</source>
      <extracomment>id: progress.transfer.done</extracomment>
      <translation>迁移学习完成</translation>
    </message>
    <message>
      <source>Generated {done:,} of {n:,} customers</source>
      <extracomment>id: progress.demo.generated</extracomment>
      <translation>已生成 {done:,} 位顾客（共 {n:,} 位）</translation>
    </message>
    <message>
      <source>viewed {category} {views}× in the last 3 weeks</source>
      <extracomment>id: reason.viewed</extracomment>
      <translation>最近 3 周浏览 {category} {views} 次</translation>
    </message>
    <message>
      <source>bought {from_category} {buys}× in the last {weeks} weeks</source>
      <extracomment>id: reason.bought_from</extracomment>
      <translation>最近 {weeks} 周购买 {from_category} {buys} 次</translation>
    </message>
    <message>
      <source>customers moving from {from_category} enter {category} {lift:.1f}× as often as others</source>
      <extracomment>id: reason.movers</extracomment>
      <translation>从 {from_category} 转来的顾客进入 {category} 的频率是其他顾客的 {lift:.1f} 倍</translation>
    </message>
    <message>
      <source>bought {category} {times}× before, last {weeks_ago} weeks ago</source>
      <extracomment>id: reason.bought_before</extracomment>
      <translation>以前购买过 {category} {times} 次，最近一次在 {weeks_ago} 周前</translation>
    </message>
    <message>
      <source>no personal signal: ranked by how often customers like this enter {category}</source>
      <extracomment>id: reason.no_signal</extracomment>
      <translation>没有个人信号：按相似顾客进入 {category} 的频率排序</translation>
    </message>
    <message>
      <source>; </source>
      <extracomment>id: reason.separator</extracomment>
      <translation>；</translation>
    </message>
    <message>
      <source>New visitor (no purchase yet): {why}</source>
      <extracomment>id: reason.transfer.visitor</extracomment>
      <translation>新访客（尚未购买）：{why}</translation>
    </message>
    <message>
      <source>New customer ({n} purchases so far): {why}</source>
      <extracomment>id: reason.transfer.customer</extracomment>
      <translation>新顾客（迄今购买 {n} 次）：{why}</translation>
    </message>
    <message>
      <source>New customer ({n} purchase so far): {why}</source>
      <extracomment>id: reason.transfer.customer.one</extracomment>
      <translation>新顾客（迄今购买 {n} 次）：{why}</translation>
    </message>
    <message>
      <source>customers like them (profile, first purchases) went on to buy {category} {lift:.1f}× as often as average</source>
      <extracomment>id: reason.transfer.lift</extracomment>
      <translation>相似顾客（资料、最初几次购买）之后购买 {category} 的频率是平均水平的 {lift:.1f} 倍</translation>
    </message>
    <message>
      <source>little history yet; ranked by what customers like them buy</source>
      <extracomment>id: reason.transfer.little</extracomment>
      <translation>历史尚少；按相似顾客的购买排序</translation>
    </message>
    <message>
      <source>little history yet; ranked by what new customers most often go on to buy</source>
      <extracomment>id: reason.transfer.popular</extracomment>
      <translation>历史尚少；按新顾客之后最常购买的品类排序</translation>
    </message>
    <message>
      <source>buys again with p {p:.2f}; expected spend {spend:.2f}; {orders} orders, last {last}</source>
      <extracomment>id: reason.customer</extracomment>
      <translation>再次购买概率 {p:.2f}；预期消费 {spend:.2f}；{orders} 笔订单，最近一次 {last}</translation>
    </message>
    <message>
      <source>no earlier cut to learn from</source>
      <extracomment>id: customers.note.no_earlier_cut</extracomment>
      <translation>没有更早的切点可供学习</translation>
    </message>
    <message>
      <source>the training cuts have only one outcome (everyone or no one bought again)</source>
      <extracomment>id: customers.note.one_outcome</extracomment>
      <translation>训练切点只有一种结果（所有人或没有人再次购买）</translation>
    </message>
    <message>
      <source>{date}: {note}</source>
      <extracomment>id: customers.note.at_cut</extracomment>
      <translation>{date}：{note}</translation>
    </message>
    <message>
      <source>{label} won the backtest but could not be fitted as of the as-of date</source>
      <extracomment>id: customers.note.not_fitted</extracomment>
      <translation>{label} 在回测中胜出，但无法在基准日期上拟合</translation>
    </message>
    <message>
      <source>The control fraction must be at least 0 and below 1 (e.g. 0.1 for 10%)</source>
      <extracomment>id: campaign.bad_control</extracomment>
      <translation>对照组比例必须不小于 0 且小于 1（例如 0.1 表示 10%）</translation>
    </message>
    <message>
      <source>The list size must be at least 1</source>
      <extracomment>id: campaign.bad_size</extracomment>
      <translation>名单人数必须至少为 1</translation>
    </message>
    <message>
      <source>The minimum score is a probability between 0 and 1</source>
      <extracomment>id: campaign.bad_min_score</extracomment>
      <translation>最低评分是 0 到 1 之间的概率</translation>
    </message>
    <message>
      <source>The minimum lapse risk is a probability between 0 and 1</source>
      <extracomment>id: campaign.bad_minimum_lapse</extracomment>
      <translation>最低流失风险是 0 到 1 之间的概率</translation>
    </message>
    <message>
      <source>The maximum lapse risk is a probability between 0 and 1</source>
      <extracomment>id: campaign.bad_maximum_lapse</extracomment>
      <translation>最高流失风险是 0 到 1 之间的概率</translation>
    </message>
    <message>
      <source>Days since the last purchase cannot be negative</source>
      <extracomment>id: campaign.bad_recent_days</extracomment>
      <translation>距上次购买的天数不能为负数</translation>
    </message>
    <message>
      <source>The measurement window must be at least one week</source>
      <extracomment>id: campaign.bad_window</extracomment>
      <translation>评估窗口必须至少为一周</translation>
    </message>
    <message>
      <source>No customer passes these filters: nothing to save</source>
      <extracomment>id: campaign.empty</extracomment>
      <translation>没有顾客符合这些筛选条件：没有可保存的内容</translation>
    </message>
    <message>
      <source>No campaign {id} in this project</source>
      <extracomment>id: campaign.missing</extracomment>
      <translation>此项目中没有编号为 {id} 的营销活动</translation>
    </message>
    <message>
      <source>Unknown campaign status {status}</source>
      <extracomment>id: campaign.bad_status</extracomment>
      <translation>未知的营销活动状态 {status}</translation>
    </message>
    <message>
      <source>The period must be one of {choices}; {value} is not</source>
      <extracomment>id: settings.bad_period</extracomment>
      <translation>周期必须是 {choices} 之一；{value} 不是</translation>
    </message>
    <message>
      <source>L (look-back) must be between 1 and {max} weeks; {value} is not</source>
      <extracomment>id: settings.bad_lookback</extracomment>
      <translation>L（回看期）必须在 1 到 {max} 周之间；{value} 不在此范围内</translation>
    </message>
    <message>
      <source>H (horizon) must be between 1 and {max} weeks; {value} is not</source>
      <extracomment>id: settings.bad_horizon</extracomment>
      <translation>H（预测期）必须在 1 到 {max} 周之间；{value} 不在此范围内</translation>
    </message>
    <message>
      <source>The memory limit {value} is not a size like 4GB or 512MB</source>
      <extracomment>id: settings.bad_memory_size</extracomment>
      <translation>内存上限 {value} 不是像 4GB 或 512MB 这样的大小</translation>
    </message>
    <message>
      <source>The memory limit must be between {low} and {high} (this machine's memory); {value} is not</source>
      <extracomment>id: settings.bad_memory</extracomment>
      <translation>内存上限必须在 {low} 到 {high}（本机内存）之间；{value} 不在此范围内</translation>
    </message>
    <message>
      <source>Threads must be between 1 and {max} (this machine's cores); {value} is not</source>
      <extracomment>id: settings.bad_threads</extracomment>
      <translation>线程数必须在 1 到 {max}（本机核心数）之间；{value} 不在此范围内</translation>
    </message>
    <message>
      <source>{name} opens as it is: nothing to repair</source>
      <extracomment>id: repair.nothing</extracomment>
      <translation>{name} 可以直接打开：无需修复</translation>
    </message>
    <message>
      <source>Set the damaged journal aside as {journal} ({bytes:,} bytes)</source>
      <extracomment>id: repair.set_aside</extracomment>
      <translation>已将损坏的日志另存为 {journal}（{bytes:,} 字节）</translation>
    </message>
    <message>
      <source>{name} now opens as it was last saved</source>
      <extracomment>id: repair.opens</extracomment>
      <translation>{name} 现在按上次保存时的状态打开</translation>
    </message>
    <message>
      <source>Lost with the journal: changes to {what}</source>
      <extracomment>id: repair.lost</extracomment>
      <translation>随日志丢失的内容：对{what}的更改</translation>
    </message>
    <message>
      <source>Import these files again: {files}</source>
      <extracomment>id: repair.import_again</extracomment>
      <translation>请重新导入以下文件：{files}</translation>
    </message>
    <message>
      <source>What the journal held cannot be told from it</source>
      <extracomment>id: repair.unknown</extracomment>
      <translation>无法从日志中看出其中包含的内容</translation>
    </message>
    <message>
      <source>imports</source>
      <extracomment>id: repair.what.imports</extracomment>
      <translation>导入记录</translation>
    </message>
    <message>
      <source>imported events</source>
      <extracomment>id: repair.what.events</extracomment>
      <translation>已导入的事件</translation>
    </message>
    <message>
      <source>customer attributes</source>
      <extracomment>id: repair.what.customer_attributes</extracomment>
      <translation>顾客属性</translation>
    </message>
    <message>
      <source>model runs</source>
      <extracomment>id: repair.what.model_runs</extracomment>
      <translation>模型运行记录</translation>
    </message>
    <message>
      <source>campaigns</source>
      <extracomment>id: repair.what.campaigns</extracomment>
      <translation>营销活动</translation>
    </message>
    <message>
      <source>saved column mappings</source>
      <extracomment>id: repair.what.saved_mappings</extracomment>
      <translation>已保存的列映射</translation>
    </message>
    <message>
      <source>, </source>
      <extracomment>id: list.separator</extracomment>
      <translation>、</translation>
    </message>
    <message>
      <source>gradient boosting</source>
      <extracomment>id: term:gradient boosting</extracomment>
      <translation>梯度提升</translation>
    </message>
    <message>
      <source>BG/NBD + Gamma-Gamma</source>
      <extracomment>id: term:BG/NBD + Gamma-Gamma</extracomment>
      <translation>BG/NBD + Gamma-Gamma 模型</translation>
    </message>
    <message>
      <source>recency rule</source>
      <extracomment>id: term:recency rule</extracomment>
      <translation>最近购买规则</translation>
    </message>
    <message>
      <source>frequency rule</source>
      <extracomment>id: term:frequency rule</extracomment>
      <translation>购买频次规则</translation>
    </message>
    <message>
      <source>BG/NBD × past mean spend</source>
      <extracomment>id: term:BG/NBD × past mean spend</extracomment>
      <translation>BG/NBD × 历史平均消费</translation>
    </message>
    <message>
      <source>Popularity (category shift rate)</source>
      <extracomment>id: term:Popularity (category shift rate)</extracomment>
      <translation>热度（品类转移率）</translation>
    </message>
    <message>
      <source>Own frequency (weeks bought)</source>
      <extracomment>id: term:Own frequency (weeks bought)</extracomment>
      <translation>自身频次（购买周数）</translation>
    </message>
    <message>
      <source>Category transitions (Markov)</source>
      <extracomment>id: term:Category transitions (Markov)</extracomment>
      <translation>品类转移（马尔可夫）</translation>
    </message>
    <message>
      <source>User-kNN collaborative filtering</source>
      <extracomment>id: term:User-kNN collaborative filtering</extracomment>
      <translation>基于用户近邻的协同过滤</translation>
    </message>
    <message>
      <source>Logistic regression (hand features)</source>
      <extracomment>id: term:Logistic regression (hand features)</extracomment>
      <translation>逻辑回归（人工特征）</translation>
    </message>
    <message>
      <source>Gradient boosting (hand features)</source>
      <extracomment>id: term:Gradient boosting (hand features)</extracomment>
      <translation>梯度提升（人工特征）</translation>
    </message>
    <message>
      <source>LSTM (this model)</source>
      <extracomment>id: term:LSTM (this model)</extracomment>
      <translation>LSTM（本模型）</translation>
    </message>
    <message>
      <source>Blend (stacker over LSTM and learned baselines)</source>
      <extracomment>id: term:Blend (stacker over LSTM and learned baselines)</extracomment>
      <translation>融合（基于 LSTM 与学习型基线的堆叠）</translation>
    </message>
    <message>
      <source>Boosted stacker (scores and each customer's ranks)</source>
      <extracomment>id: term:Boosted stacker (scores and each customer's ranks)</extracomment>
      <translation>提升堆叠（分数及每位顾客内的排名）</translation>
    </message>
    <message>
      <source>recency</source>
      <extracomment>id: term:recency</extracomment>
      <translation>最近购买</translation>
    </message>
    <message>
      <source>recency + frequency</source>
      <extracomment>id: term:recency + frequency</extracomment>
      <translation>最近购买 + 频次</translation>
    </message>
    <message>
      <source>per-category decay</source>
      <extracomment>id: term:per-category decay</extracomment>
      <translation>分品类衰减</translation>
    </message>
    <message>
      <source>decay model (Hawkes)</source>
      <extracomment>id: term:decay model (Hawkes)</extracomment>
      <translation>衰减模型（Hawkes）</translation>
    </message>
    <message>
      <source>gradient boosting + decay model</source>
      <extracomment>id: term:gradient boosting + decay model</extracomment>
      <translation>梯度提升 + 衰减模型</translation>
    </message>
    <message>
      <source>nearest neighbours</source>
      <extracomment>id: term:nearest neighbours</extracomment>
      <translation>最近邻（相似顾客）</translation>
    </message>
    <message>
      <source>category popularity</source>
      <extracomment>id: term:category popularity</extracomment>
      <translation>品类热度</translation>
    </message>
    <message>
      <source>segments</source>
      <extracomment>id: term:segments</extracomment>
      <translation>分群</translation>
    </message>
    <message>
      <source>decay</source>
      <extracomment>id: term:decay</extracomment>
      <translation>衰减</translation>
    </message>
    <message>
      <source>migration</source>
      <extracomment>id: term:migration</extracomment>
      <translation>品类迁移</translation>
    </message>
    <message>
      <source>transfer</source>
      <extracomment>id: term:transfer</extracomment>
      <translation>迁移学习</translation>
    </message>
    <message>
      <source>customers</source>
      <extracomment>id: term:customers</extracomment>
      <translation>顾客</translation>
    </message>
    <message>
      <source>Segments</source>
      <extracomment>id: term:Segments</extracomment>
      <translation>分群</translation>
    </message>
    <message>
      <source>Decay</source>
      <extracomment>id: term:Decay</extracomment>
      <translation>衰减</translation>
    </message>
    <message>
      <source>Migration</source>
      <extracomment>id: term:Migration</extracomment>
      <translation>品类迁移</translation>
    </message>
    <message>
      <source>Transfer</source>
      <extracomment>id: term:Transfer</extracomment>
      <translation>迁移学习</translation>
    </message>
    <message>
      <source>Customers</source>
      <extracomment>id: term:Customers</extracomment>
      <translation>顾客</translation>
    </message>
  </context>
</TS>
