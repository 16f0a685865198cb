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
      <source>{house} does not beat the best alternative ({other}), {span}: {metric} {house_mean:.3f} vs {other_mean:.3f} (spread ±{spread:.3f}). Shipped score: {winner}.</source>
      <extracomment>id: verdict.loses</extracomment>
      <translation>{house} 未能胜过最佳备选（{other}），{span}：{metric} {house_mean:.3f} 对 {other_mean:.3f}（波动 ±{spread:.3f}）。采用的评分：{winner}。</translation>
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
      <source>{winner} had the best mean AUC over {n} out-of-sample cuts ({winner_mean:.3f} vs {runner_up} {runner_up_mean:.3f}; {lead}).</source>
      <extracomment>id: why.best_mean</extracomment>
      <translation>{winner} 在 {n} 个样本外切点上的平均 AUC 最高（{winner_mean:.3f}，对比 {runner_up} 的 {runner_up_mean:.3f}；{lead}）。</translation>
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
      <source>Too little history for an out-of-sample verdict: the decay model's lapse probability is shipped.</source>
      <extracomment>id: decay.no_verdict</extracomment>
      <translation>历史数据太少，无法做样本外评估：采用衰减模型的流失概率。</translation>
    </message>
    <message>
      <source>{categories} categories, median half-life {half_life:.0f} days, {pairs:,} pairs scored. {verdict}</source>
      <extracomment>id: decay.trained</extracomment>
      <translation>{categories} 个品类，半衰期中位数 {half_life:.0f} 天，已评分 {pairs:,} 个组合。{verdict}</translation>
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
      <source>All models trained</source>
      <extracomment>id: train.all_done</extracomment>
      <translation>所有模型已训练完成</translation>
    </message>
    <message>
      <source>Trained {trained}; skipped {models}: {reason}</source>
      <extracomment>id: train.skipped</extracomment>
      <translation>已训练 {trained}；已跳过 {models}：{reason}</translation>
    </message>
    <message>
      <source>{n:,} customers in {k} interest clusters (silhouette {silhouette:.3f}, agreement across seeds {stability:.2f})</source>
      <extracomment>id: segments.trained</extracomment>
      <translation>{n:,} 位顾客分入 {k} 个兴趣群（轮廓系数 {silhouette:.3f}，不同随机种子间一致度 {stability:.2f}）</translation>
    </message>
    <message>
      <source>{n:,} customers in tiers; {reason}</source>
      <extracomment>id: segments.trained.tiers</extracomment>
      <translation>{n:,} 位顾客已分层；{reason}</translation>
    </message>
    <message>
      <source>{cold:,} cold-start customers scored from {reference:,} established customers like them</source>
      <extracomment>id: transfer.trained</extracomment>
      <translation>已参照 {reference:,} 位相似的成熟顾客，为 {cold:,} 位新顾客评分</translation>
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
      <source>No category column and no item ids: there are no product groups, so the category models (tiers, decay, migration, transfer) have nothing to work on.</source>
      <extracomment>id: groups.no_items</extracomment>
      <translation>没有品类列，也没有商品编号：没有商品分组，因此品类模型（分层、衰减、迁移、迁移学习）无从计算。</translation>
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
      <source>Too little history before {as_of}: the decay fit needs more than {weeks} weeks</source>
      <extracomment>id: decay.needs_history</extracomment>
      <translation>{as_of} 之前的历史数据太少：衰减拟合需要超过 {weeks} 周</translation>
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
      <source>No project at {path}</source>
      <extracomment>id: project.missing</extracomment>
      <translation>{path} 处没有项目</translation>
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
  </context>
</TS>
