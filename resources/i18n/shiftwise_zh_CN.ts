<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BuilderForm</name>
    <message>
        <source>no minimum</source>
        <translation>不设下限</translation>
    </message>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>bought it in the last</source>
        <translation>最近购买过该品类，时间范围</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>only refunded what they bought</source>
        <translation>买过的商品全部退货</translation>
    </message>
    <message>
        <source>are in another active campaign</source>
        <translation>已在另一个进行中的营销活动里</translation>
    </message>
    <message>
        <source>everyone who passes</source>
        <translation>所有符合条件的顾客</translation>
    </message>
    <message>
        <source>top </source>
        <translation>前 </translation>
    </message>
    <message>
        <source> % held out</source>
        <translation> % 留作对照</translation>
    </message>
    <message>
        <source>The same seed draws the same control group from the same list</source>
        <translation>同一名单用同一种子，抽出的对照组相同</translation>
    </message>
    <message>
        <source> weeks</source>
        <translation> 周</translation>
    </message>
    <message>
        <source>A purchase of the category within this many weeks after the campaign date counts as a shift when results are measured</source>
        <translation>衡量效果时，营销日期之后这么多周内购买了该品类，即算作一次转移</translation>
    </message>
    <message>
        <source>default: category, date and number</source>
        <translation>默认：品类、日期和编号</translation>
    </message>
    <message>
        <source>Customer attributes added as columns to the list and its export</source>
        <translation>作为列加入名单及其导出文件的顾客属性</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>目标顾客</translation>
    </message>
    <message>
        <source>Target category</source>
        <translation>目标品类</translation>
    </message>
    <message>
        <source>Min P(buy again)</source>
        <translation>最低再次购买概率</translation>
    </message>
    <message>
        <source>Min shift score</source>
        <translation>最低转移评分</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>分层</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>兴趣群</translation>
    </message>
    <message>
        <source>Lapse risk at least</source>
        <translation>流失风险至少</translation>
    </message>
    <message>
        <source>Leave out customers who</source>
        <translation>排除以下顾客</translation>
    </message>
    <message>
        <source>List</source>
        <translation>名单</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Control group</source>
        <translation>对照组</translation>
    </message>
    <message>
        <source>Control seed</source>
        <translation>对照组随机种子</translation>
    </message>
    <message>
        <source>Measure over</source>
        <translation>衡量期</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Add attributes</source>
        <translation>加入属性</translation>
    </message>
    <message>
        <source>{category} — {expected} expected</source>
        <translation>{category} — 预计 {expected} 人</translation>
    </message>
    <message>
        <source>{customers} customers have a shift score for {category}; the scores add up to {expected} expected shifters</source>
        <translation>{customers} 位顾客有{category}的转移评分；评分合计预计 {expected} 人转移</translation>
    </message>
    <message>
        <source> ({customers} of them new customers, ranked by the transfer model: {expected} expected)</source>
        <translation>（其中 {customers} 位是新顾客，由迁移学习模型排序：预计 {expected} 人）</translation>
    </message>
    <message>
        <source>Repeat buyers more likely not to buy again than to buy, the least likely first</source>
        <translation>再次购买可能性低于不再购买的回头客，最不可能回购的排在前面</translation>
    </message>
    <message>
        <source>Every customer, the highest expected spend first</source>
        <translation>全部顾客，预计消费最高的排在前面</translation>
    </message>
    <message>
        <source>Any tier</source>
        <translation>任意分层</translation>
    </message>
    <message>
        <source>Any cluster</source>
        <translation>任意兴趣群</translation>
    </message>
    <message>
        <source>(the imports have no customer attributes)</source>
        <translation>（导入的数据没有顾客属性）</translation>
    </message>
</context>
<context>
    <name>CampaignsPage</name>
    <message>
        <source>Save campaign</source>
        <translation>保存营销活动</translation>
    </message>
    <message>
        <source>Keep this list in the project: its customers are left out of other lists while it is active, and its results are measured when later data arrives</source>
        <translation>将这份名单保存在项目中：活动进行期间，名单上的顾客不会进入其他名单；之后导入新数据时会衡量其效果</translation>
    </message>
    <message>
        <source>Save and export…</source>
        <translation>保存并导出…</translation>
    </message>
    <message>
        <source>Save the list and write it to CSV (opens in Excel) or .xlsx</source>
        <translation>保存名单并写入 CSV（可用 Excel 打开）或 .xlsx</translation>
    </message>
    <message>
        <source>Filter the list: customer, group, reason…</source>
        <translation>筛选名单：顾客、组别、原因…</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Saved campaigns and results</source>
        <translation>已保存的营销活动及效果</translation>
    </message>
    <message>
        <source>Pick the category you want customers to move into. The list ranks the customers most likely to shift; a random control group gets no message, so later imports show what the campaign really changed.</source>
        <translation>选择希望顾客转入的品类。名单按转移可能性从高到低排列顾客；随机抽出的对照组不发送消息，这样之后导入的数据就能显示营销活动真正带来的变化。</translation>
    </message>
    <message>
        <source>Reading the project…</source>
        <translation>正在读取项目…</translation>
    </message>
    <message>
        <source>Open a project to build campaign lists.</source>
        <translation>请先打开项目，再生成营销活动名单。</translation>
    </message>
    <message>
        <source>No category has shift scores yet.</source>
        <translation>还没有任何品类有转移评分。</translation>
    </message>
    <message>
        <source>Campaign preview</source>
        <translation>营销名单预览</translation>
    </message>
    <message>
        <source>No customer passes these filters: loosen them to build a list.</source>
        <translation>没有顾客符合这些条件：请放宽条件以生成名单。</translation>
    </message>
    <message>
        <source>buyers</source>
        <translation>购买者</translation>
    </message>
    <message>
        <source>shifters</source>
        <translation>转移顾客</translation>
    </message>
    <message>
        <source>Expected buyers</source>
        <translation>预计购买人数</translation>
    </message>
    <message>
        <source>Saving campaign</source>
        <translation>正在保存营销活动</translation>
    </message>
    <message>
        <source>Saved “{name}”: {targets} targets and {control} in control</source>
        <translation>已保存“{name}”：目标组 {targets} 人，对照组 {control} 人</translation>
    </message>
    <message>
        <source>Saved “{name}”: {targets} targets and {control} in control; wrote {rows} rows to {file}</source>
        <translation>已保存“{name}”：目标组 {targets} 人，对照组 {control} 人；已将 {rows} 行写入 {file}</translation>
    </message>
    <message>
        <source>Export campaign list</source>
        <translation>导出营销活动名单</translation>
    </message>
    <message>
        <source>CSV for Excel (*.csv);;Excel workbook (*.xlsx)</source>
        <translation>适用于 Excel 的 CSV (*.csv);;Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting campaign</source>
        <translation>正在导出营销活动</translation>
    </message>
    <message>
        <source>Wrote {rows} rows to {file}</source>
        <translation>已将 {rows} 行写入 {file}</translation>
    </message>
    <message>
        <source>Measuring campaign</source>
        <translation>正在衡量营销活动</translation>
    </message>
    <message>
        <source>Measuring campaigns</source>
        <translation>正在衡量各营销活动</translation>
    </message>
    <message>
        <source>Customers in the list</source>
        <translation>名单中的顾客</translation>
    </message>
    <message>
        <source>Get the message</source>
        <translation>接收消息</translation>
    </message>
    <message>
        <source>Control (no message)</source>
        <translation>对照组（不发消息）</translation>
    </message>
    <message>
        <source>Expected shifters</source>
        <translation>预计转移人数</translation>
    </message>
    <message>
        <source>{share} of the list</source>
        <translation>占名单的 {share}</translation>
    </message>
    <message>
        <source>campaign date {date}</source>
        <translation>营销日期 {date}</translation>
    </message>
    <message>
        <source>targets</source>
        <translation>目标顾客</translation>
    </message>
    <message>
        <source>sum of the targets&apos; scores</source>
        <translation>目标顾客评分之和</translation>
    </message>
</context>
<context>
    <name>CategoryCheckChart</name>
    <message>
        <source>customers entering the category</source>
        <translation>转入该品类的顾客数</translation>
    </message>
    <message>
        <source>expected (sum of shift probabilities)</source>
        <translation>预计（转移概率之和）</translation>
    </message>
    <message>
        <source>actual shifters</source>
        <translation>实际转移人数</translation>
    </message>
    <message>
        <source>Expected vs actual shifters per category: train the model to see it (older runs did not keep it)</source>
        <translation>各品类预计与实际转移人数：请训练模型后查看（旧的运行没有保存这项结果）</translation>
    </message>
    <message>
        <source>Out of sample, {0} weeks after {1}: {2:,.0f} expected, {3:,} shifted</source>
        <translation>样本外，{1} 之后 {0} 周：预计 {2:,.0f} 人，实际转移 {3:,} 人</translation>
    </message>
</context>
<context>
    <name>CurrencyRates</name>
    <message>
        <source>Amounts in several currencies</source>
        <translation>金额有多个币种</translation>
    </message>
    <message>
        <source>Spend is in</source>
        <translation>消费金额按</translation>
    </message>
    <message>
        <source>no rate: no spend</source>
        <translation>无汇率：不计金额</translation>
    </message>
    <message>
        <source>1 {currency} =</source>
        <translation>1 {currency} =</translation>
    </message>
</context>
<context>
    <name>CustomerCharts</name>
    <message>
        <source>Customers by chance of buying again</source>
        <translation>按再次购买概率划分的顾客</translation>
    </message>
    <message>
        <source>customers</source>
        <translation>顾客数</translation>
    </message>
    <message>
        <source>chance of buying again (p_buy_again)</source>
        <translation>再次购买概率（p_buy_again）</translation>
    </message>
    <message>
        <source>Backtest: predicted vs actual</source>
        <translation>回测：预测与实际</translation>
    </message>
    <message>
        <source>bought again</source>
        <translation>实际再次购买</translation>
    </message>
    <message>
        <source>predicted (tenths of customers)</source>
        <translation>预测（按顾客十等分）</translation>
    </message>
    <message>
        <source>shipped model</source>
        <translation>采用的模型</translation>
    </message>
    <message>
        <source>Backtest: none on this run (too little history for a cut)</source>
        <translation>回测：本次运行没有回测（历史太短，无法设切点）</translation>
    </message>
    <message>
        <source>Backtest: predicted vs actual, on a sample of {n} customers</source>
        <translation>回测：预测与实际（{n} 位顾客的样本）</translation>
    </message>
    <message>
        <source>gradient boosting</source>
        <translation>梯度提升</translation>
    </message>
    <message>
        <source>shipped model, before its calibration</source>
        <translation>采用的模型（校准前）</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <source> weeks</source>
        <translation> 周</translation>
    </message>
    <message>
        <source>H: predict buying again, orders and spend over the next H weeks</source>
        <translation>H：预测未来 H 周内的再次购买、订单数和消费额</translation>
    </message>
    <message>
        <source>Horizon</source>
        <translation>预测期</translation>
    </message>
    <message>
        <source>Filter customers: id or tier…</source>
        <translation>筛选顾客：编号或分层…</translation>
    </message>
    <message>
        <source>No customer predictions yet: click “Predict customers”. They need only customers, dates and amounts, no categories.</source>
        <translation>尚无顾客预测：请点击“预测顾客”。只需要顾客、日期和金额，不需要品类。</translation>
    </message>
    <message>
        <source>{customers} customers as of {date}, next {weeks} weeks: {buyers} expected to buy again, {orders} orders, {spend} spend · run {run}</source>
        <translation>截至 {date} 共 {customers} 位顾客，未来 {weeks} 周：预计 {buyers} 人再次购买，{orders} 笔订单，消费 {spend} · 运行 {run}</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <source>Filter imports…</source>
        <translation>筛选导入记录…</translation>
    </message>
    <message>
        <source>Rejected rows…</source>
        <translation>被拒绝的行…</translation>
    </message>
    <message>
        <source>Show the rows of the selected import that were not loaded, with why</source>
        <translation>显示所选导入中未载入的行及原因</translation>
    </message>
    <message>
        <source>Import files…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Remove import…</source>
        <translation>移除导入…</translation>
    </message>
    <message>
        <source>Take the selected import&apos;s rows out of the project, to import the file again or leave it out</source>
        <translation>把所选导入的行从项目中移除，以便重新导入该文件或不再使用它</translation>
    </message>
    <message>
        <source>Imports</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>Review groups…</source>
        <translation>查看分组…</translation>
    </message>
    <message>
        <source>The product groups and their items; rename a group</source>
        <translation>商品分组及其商品；可重命名分组</translation>
    </message>
    <message>
        <source>Group products</source>
        <translation>商品分组</translation>
    </message>
    <message>
        <source>Group the products by their names and what is bought together</source>
        <translation>按商品名称和一起购买的情况为商品分组</translation>
    </message>
    <message>
        <source>Filter events: customer, item, category… (every word must match)</source>
        <translation>筛选事件：顾客、商品、品类…（每个词都须匹配）</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>No project is open. Use File ▸ New project, or File ▸ Open project.</source>
        <translation>没有打开的项目。请使用 文件 ▸ 新建项目，或 文件 ▸ 打开项目。</translation>
    </message>
    <message>
        <source>Counting the shop&apos;s events</source>
        <translation>正在统计店铺事件</translation>
    </message>
    <message>
        <source>Events per day</source>
        <translation>每日事件数</translation>
    </message>
    <message>
        <source>Events per week</source>
        <translation>每周事件数</translation>
    </message>
    <message>
        <source>Events per month</source>
        <translation>每月事件数</translation>
    </message>
    <message>
        <source>Read: {columns}.</source>
        <translation>读取的列：{columns}。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>{role} from {column}</source>
        <translation>{role}取自“{column}”</translation>
    </message>
    <message>
        <source>{note}.</source>
        <translation>{note}。</translation>
    </message>
    <message>
        <source>{first} {second}</source>
        <translation>{first}{second}</translation>
    </message>
    <message numerus="yes">
        <source>Remove {file} and its %Ln event(s) from the project? The models keep what they last trained until they are trained again.</source>
        <translation>
            <numerusform>从项目中移除 {file} 及其 %Ln 个事件？各模型在重新训练前保留上次训练的结果。</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove import</source>
        <translation>移除导入</translation>
    </message>
    <message>
        <source>Not removed: {reason}</source>
        <translation>未移除：{reason}</translation>
    </message>
    <message>
        <source>Date range</source>
        <translation>日期范围</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>品类</translation>
    </message>
    <message>
        <source>Rows rejected</source>
        <translation>被拒绝的行</translation>
    </message>
    <message>
        <source>{first} – {last}</source>
        <translation>{first} – {last}</translation>
    </message>
    <message>
        <source>no events</source>
        <translation>没有事件</translation>
    </message>
    <message>
        <source>revenue {amount} {currency}</source>
        <translation>营业额 {amount} {currency}</translation>
    </message>
    <message>
        <source>revenue {amount}</source>
        <translation>营业额 {amount}</translation>
    </message>
    <message>
        <source>{purchases} purchases, {refunds} refunds</source>
        <translation>购买 {purchases} 次，退货 {refunds} 次</translation>
    </message>
</context>
<context>
    <name>DecayPage</name>
    <message>
        <source>Backtest</source>
        <translation>回测</translation>
    </message>
    <message>
        <source>Fit as of the horizon H (Edit ▸ Settings; 4 weeks unless set) before the end of the data and check the lapse predictions against what really happened</source>
        <translation>以数据结束前的预测期 H（编辑 ▸ 设置；默认 4 周）为截止日拟合，并将流失预测与实际情况对照检验</translation>
    </message>
    <message>
        <source>Median half-life</source>
        <translation>半衰期中位数</translation>
    </message>
    <message>
        <source>Customers at risk</source>
        <translation>有流失风险的顾客</translation>
    </message>
    <message>
        <source>Customers with a purchase who are likely (50% or more) to lapse from their main category, the one they care most about today (the highest interest of the categories they bought), and are still interested in it. The second figure counts customers likely to lapse from any category they bought.</source>
        <translation>有购买的顾客中，在主要品类（如今最关心的那个：所购品类中兴趣最高的）上流失可能性达 50% 或以上、且仍有兴趣的人数。第二个数字是在所购任一品类上可能流失的顾客数。</translation>
    </message>
    <message>
        <source>Lapse prediction (backtest AUC)</source>
        <translation>流失预测（回测 AUC）</translation>
    </message>
    <message>
        <source>Calibration (backtest Brier)</source>
        <translation>校准度（回测 Brier 分数）</translation>
    </message>
    <message>
        <source>Shipped lapse score (out of sample)</source>
        <translation>采用的流失评分（样本外）</translation>
    </message>
    <message>
        <source>only customers still interested</source>
        <translation>只看仍有兴趣的顾客</translation>
    </message>
    <message>
        <source>Hide customers whose interest has already fallen below the level where they stop buying (their decay point has passed)</source>
        <translation>隐藏兴趣已降到停止购买水平以下的顾客（已过衰减点）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Most at risk of lapsing&lt;/b&gt;</source>
        <translation>&lt;b&gt;流失风险最高&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Filter customers…</source>
        <translation>筛选顾客…</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <source>Half-lives</source>
        <translation>半衰期</translation>
    </message>
    <message>
        <source>A customer&apos;s interest</source>
        <translation>顾客的兴趣</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>Lapse risk ({weeks} wk)</source>
        <translation>流失风险（{weeks} 周）</translation>
    </message>
    <message>
        <source>Open a project first</source>
        <translation>请先打开项目</translation>
    </message>
    <message>
        <source>Reading the project…</source>
        <translation>正在读取项目…</translation>
    </message>
    <message>
        <source>No categories on this shop: nothing to fit</source>
        <translation>这家店铺没有品类：无法拟合</translation>
    </message>
    <message>
        <source>No decay model yet: click “Fit decay”</source>
        <translation>尚无衰减模型：请点击“拟合衰减”</translation>
    </message>
    <message>
        <source>{hint}.</source>
        <translation>{hint}。</translation>
    </message>
    <message>
        <source>fastest {fast} {fast_days}, slowest {slow} {slow_days}</source>
        <translation>最快：{fast} {fast_days}；最慢：{slow} {slow_days}</translation>
    </message>
    <message>
        <source>of {customers} likely (≥50%) to lapse from their main category; {any} from any</source>
        <translation>{customers} 位中可能（≥50%）从主要品类流失；{any} 位从任一品类</translation>
    </message>
    <message>
        <source>decay model</source>
        <translation>衰减模型</translation>
    </message>
    <message>
        <source>AUC {mean} ± {sd} across cuts {cuts}</source>
        <translation>各切点 {cuts} 的 AUC {mean} ± {sd}</translation>
    </message>
    <message>
        <source>AUC {mean} at the one cut {cuts}</source>
        <translation>唯一切点 {cuts} 的 AUC {mean}</translation>
    </message>
    <message>
        <source>Shipped lapse probability at {cut}: predicted vs observed</source>
        <translation>{cut} 时采用的流失概率：预测与实际</translation>
    </message>
    <message>
        <source>click “Backtest” to measure</source>
        <translation>点击“回测”进行衡量</translation>
    </message>
    <message>
        <source>beats recency only ({recency}); frequency+recency {both}</source>
        <translation>优于仅按最近购买（{recency}）；频次 + 最近购买 {both}</translation>
    </message>
    <message>
        <source>does NOT beat recency only ({recency}); frequency+recency {both}</source>
        <translation>不如仅按最近购买（{recency}）；频次 + 最近购买 {both}</translation>
    </message>
    <message>
        <source>recency only {recency} (lower is better) · as of {date}</source>
        <translation>仅按最近购买 {recency}（越低越好）· 截至 {date}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Most at risk of lapsing from {category}&lt;/b&gt;</source>
        <translation>&lt;b&gt;最可能从{category}流失&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Fitting the first category…</source>
        <translation>正在拟合第一个品类…</translation>
    </message>
    <message>
        <source>Backtest decay</source>
        <translation>回测衰减模型</translation>
    </message>
    <message>
        <source>Cancelled: the previous backtest is kept.</source>
        <translation>已取消：保留上一次回测。</translation>
    </message>
    <message>
        <source>Decay as of {date}: {categories} categories, {pairs} customer-category pairs · lapse = no purchase in the next {weeks} weeks · run {run}</source>
        <translation>截至 {date} 的兴趣衰减：{categories} 个品类，{pairs} 个顾客-品类组合 · 流失 = 未来 {weeks} 周内未购买 · 运行 {run}</translation>
    </message>
</context>
<context>
    <name>FlowChart</name>
    <message>
        <source>expected customers (sum of shift probabilities)</source>
        <translation>预计顾客数（转移概率之和）</translation>
    </message>
    <message>
        <source>next {0} weeks</source>
        <translation>未来 {0} 周</translation>
    </message>
    <message>
        <source>next weeks</source>
        <translation>未来几周</translation>
    </message>
    <message>
        <source>Predicted moves, {0}: bought lately → enters</source>
        <translation>预测的品类迁移，{0}：近期购买 → 转入</translation>
    </message>
</context>
<context>
    <name>GainChart</name>
    <message>
        <source>list size (customers, best first, control group included)</source>
        <translation>名单人数（顾客按评分从高到低，含对照组）</translation>
    </message>
    <message>
        <source>expected</source>
        <translation>预计</translation>
    </message>
    <message>
        <source>shifters</source>
        <translation>转移顾客</translation>
    </message>
    <message>
        <source>list size (customers, the likeliest to lapse first, control group included)</source>
        <translation>名单人数（顾客按流失可能从高到低，含对照组）</translation>
    </message>
    <message>
        <source>Expected {0} against list size: no list yet</source>
        <translation>预计{0}与名单人数：尚无名单</translation>
    </message>
    <message>
        <source>top {0:,}: ≈{1:,.1f}</source>
        <translation>前 {0:,} 人：≈{1:,.1f}</translation>
    </message>
    <message>
        <source>Expected {0} against list size: everyone who passes the filters ({1:,}) would bring ≈{2:,.1f}</source>
        <translation>预计{0}与名单人数：全部符合条件的顾客（{1:,} 人）约可带来 ≈{2:,.1f}</translation>
    </message>
</context>
<context>
    <name>GroupsDialog</name>
    <message>
        <source>Product groups</source>
        <translation>商品分组</translation>
    </message>
    <message>
        <source>{summary} Select a group to see its items; rename it to give it your own name (or a name another group has, to merge them). For many changes at once: export the catalog, edit it, import it back.</source>
        <translation>{summary} 选择一个分组可查看其商品；可以重命名分组（改成另一个分组的名称即可合并）。如需一次修改很多：导出商品目录，编辑后再导入。</translation>
    </message>
    <message>
        <source>Filter groups…</source>
        <translation>筛选分组…</translation>
    </message>
    <message>
        <source>Filter the group&apos;s items…</source>
        <translation>筛选该分组的商品…</translation>
    </message>
    <message>
        <source>New name for the selected group</source>
        <translation>所选分组的新名称</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
</context>
<context>
    <name>HalfLifeChart</name>
    <message>
        <source>How fast interest fades: half-life per category</source>
        <translation>兴趣衰减有多快：各品类的半衰期</translation>
    </message>
    <message>
        <source>days until interest halves</source>
        <translation>兴趣减半所需天数</translation>
    </message>
    <message>
        <source>{category} — {half_life} (uncertain)</source>
        <translation>{category} — {half_life}（不确定）</translation>
    </message>
    <message>
        <source>{category} — {half_life}</source>
        <translation>{category} — {half_life}</translation>
    </message>
</context>
<context>
    <name>InterestChart</name>
    <message>
        <source>&lt;b&gt;Interest over time&lt;/b&gt; — click a customer in the list</source>
        <translation>&lt;b&gt;兴趣随时间变化&lt;/b&gt; — 请点击列表中的顾客</translation>
    </message>
    <message>
        <source>purchase-equivalents</source>
        <translation>折合购买次数</translation>
    </message>
    <message>
        <source>as of</source>
        <translation>截止日</translation>
    </message>
    <message>
        <source>decay point</source>
        <translation>衰减点</translation>
    </message>
    <message>
        <source>stop level</source>
        <translation>停购水平</translation>
    </message>
    <message>
        <source>A customer&apos;s interest in each category, day by day, appears here</source>
        <translation>这里逐日显示顾客对各品类的兴趣</translation>
    </message>
    <message>
        <source>{category} ({half_life})</source>
        <translation>{category}（{half_life}）</translation>
    </message>
    <message>
        <source>&lt;b&gt;{customer}&lt;/b&gt; in &lt;b&gt;{category}&lt;/b&gt;: interest halves every {half_life}</source>
        <translation>&lt;b&gt;{customer}&lt;/b&gt; 对 &lt;b&gt;{category}&lt;/b&gt; 的兴趣每 {half_life} 减半</translation>
    </message>
    <message>
        <source>lapse risk {risk} in the next {weeks} weeks</source>
        <translation>未来 {weeks} 周流失风险 {risk}</translation>
    </message>
    <message>
        <source>fell below their stop level on {date}</source>
        <translation>已于 {date} 降到停购水平以下</translation>
    </message>
    <message>
        <source>falls below their stop level around {date}</source>
        <translation>将在 {date} 前后降到停购水平以下</translation>
    </message>
    <message>
        <source>dots: purchases</source>
        <translation>圆点：购买</translation>
    </message>
</context>
<context>
    <name>JobRow</name>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Failed: {reason}</source>
        <translation>失败：{reason}</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>JobsPanel</name>
    <message>
        <source>No jobs running.</source>
        <translation>没有正在运行的任务。</translation>
    </message>
</context>
<context>
    <name>KQualityPlot</name>
    <message>
        <source>silhouette</source>
        <translation>轮廓系数</translation>
    </message>
    <message>
        <source>agreement across seeds</source>
        <translation>不同种子间的一致度</translation>
    </message>
    <message>
        <source>smallest cluster</source>
        <translation>最小兴趣群占比</translation>
    </message>
    <message>
        <source>How k was chosen</source>
        <translation>如何选定群数 k</translation>
    </message>
    <message>
        <source>score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Per candidate number of clusters: the silhouette (on at most 5,000 customers; higher is better separated), the agreement (adjusted Rand) between k-means runs from different seeds, and the smallest cluster&apos;s share of customers. Dashed: the thresholds a usable k must reach; red: the k used.</source>
        <translation>每个候选群数的三项指标：轮廓系数（最多取 5,000 位顾客计算；越高分得越开）、不同随机种子的 k-means 结果之间的一致度（调整兰德指数），以及最小兴趣群占顾客的比例。虚线：可用的 k 必须达到的阈值；红线：采用的 k。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Shiftwise</source>
        <translation>Shiftwise</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>未打开项目</translation>
    </message>
    <message>
        <source>Shiftwise projects ({pattern})</source>
        <translation>Shiftwise 项目 ({pattern})</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Import and &amp;choose columns…</source>
        <translation>导入并选择列(&amp;C)…</translation>
    </message>
    <message>
        <source>Recent &amp;projects</source>
        <translation>最近的项目(&amp;P)</translation>
    </message>
    <message>
        <source>Recent &amp;files</source>
        <translation>最近的文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Getting started</source>
        <translation>入门(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;About Shiftwise</source>
        <translation>关于 Shiftwise(&amp;A)</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Train all</source>
        <translation>全部训练(&amp;T)</translation>
    </message>
    <message>
        <source>Train every model as one job: {models}</source>
        <translation>作为一个任务训练所有模型：{models}</translation>
    </message>
    <message>
        <source>Opening {project}</source>
        <translation>正在打开 {project}</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message numerus="yes">
        <source>Run(s) {ids} stopped unfinished when Shiftwise last closed: marked interrupted on the Runs page</source>
        <translation>
            <numerusform>运行 {ids} 在 Shiftwise 上次关闭时未完成：已在“运行记录”页标记为中断</numerusform>
        </translation>
    </message>
    <message>
        <source>Repair keeps the damaged journal beside the project and opens the project as it was last saved. Changes made since then are lost.</source>
        <translation>“修复”会把损坏的日志保留在项目旁边，并按上次保存时的状态打开项目。此后所做的更改将丢失。</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>修复</translation>
    </message>
    <message>
        <source>Cannot repair the project</source>
        <translation>无法修复项目</translation>
    </message>
    <message>
        <source>Project repaired</source>
        <translation>项目已修复</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>My shop</source>
        <translation>我的店铺</translation>
    </message>
    <message>
        <source>Cannot create the project</source>
        <translation>无法创建项目</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Building the demo shop</source>
        <translation>正在生成演示店铺</translation>
    </message>
    <message>
        <source>Loading the model libraries</source>
        <translation>正在加载模型库</translation>
    </message>
    <message>
        <source>Loading the model libraries (PyTorch, scikit-learn)…</source>
        <translation>正在加载模型库（PyTorch、scikit-learn）…</translation>
    </message>
    <message>
        <source>Model libraries ready</source>
        <translation>模型库已就绪</translation>
    </message>
    <message>
        <source>Open or import a project first</source>
        <translation>请先打开或导入项目</translation>
    </message>
    <message>
        <source>Train all models</source>
        <translation>训练全部模型</translation>
    </message>
    <message>
        <source>Train all cancelled; the models finished before it are kept</source>
        <translation>已取消“全部训练”；之前已完成的模型会保留</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>入门</translation>
    </message>
    <message>
        <source>Import shop exports</source>
        <translation>导入店铺导出文件</translation>
    </message>
    <message>
        <source>Shop exports ({patterns});;All files (*)</source>
        <translation>店铺导出文件 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import a shop export and choose its columns</source>
        <translation>导入店铺导出文件并选择其列</translation>
    </message>
    <message>
        <source>{project} — Shiftwise</source>
        <translation>{project} — Shiftwise</translation>
    </message>
    <message>
        <source>{project} · counting…</source>
        <translation>{project} · 正在统计…</translation>
    </message>
    <message>
        <source>{project} · {customers} customers · {events} events</source>
        <translation>{project} · {customers} 位顾客 · {events} 个事件</translation>
    </message>
    <message>
        <source>{job} failed</source>
        <translation>{job}失败</translation>
    </message>
    <message>
        <source>See who your customers are, whose interest is fading, and who is about to move into a new category.</source>
        <translation>看清你的顾客是谁、谁的兴趣正在衰减、谁即将转入新的品类。</translation>
    </message>
    <message>
        <source>Everything runs on this computer: your data never leaves it.</source>
        <translation>所有计算都在这台电脑上进行：你的数据不会离开它。</translation>
    </message>
    <message>
        <source>About Shiftwise</source>
        <translation>关于 Shiftwise</translation>
    </message>
    <message>
        <source>Cancelling running jobs…</source>
        <translation>正在取消运行中的任务…</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <source>(not in this file)</source>
        <translation>（此文件中没有）</translation>
    </message>
    <message>
        <source>Recognise automatically</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>Unix seconds</source>
        <translation>Unix 秒</translation>
    </message>
    <message>
        <source>Unix milliseconds</source>
        <translation>Unix 毫秒</translation>
    </message>
    <message>
        <source>Excel serial days</source>
        <translation>Excel 序列日期</translation>
    </message>
    <message>
        <source>Day first (31/12/2024 14:00)</source>
        <translation>日在前（31/12/2024 14:00）</translation>
    </message>
    <message>
        <source>Month first (12/31/2024 2:00 PM)</source>
        <translation>月在前（12/31/2024 2:00 PM）</translation>
    </message>
    <message>
        <source>GB18030 (Simplified Chinese)</source>
        <translation>GB18030（简体中文）</translation>
    </message>
    <message>
        <source>Big5 (Traditional Chinese)</source>
        <translation>Big5（繁体中文）</translation>
    </message>
    <message>
        <source>Shift_JIS (Japanese)</source>
        <translation>Shift_JIS（日文）</translation>
    </message>
    <message>
        <source>EUC-JP (Japanese)</source>
        <translation>EUC-JP（日文）</translation>
    </message>
    <message>
        <source>EUC-KR (Korean)</source>
        <translation>EUC-KR（韩文）</translation>
    </message>
    <message>
        <source>Windows-1252 (Western European)</source>
        <translation>Windows-1252（西欧）</translation>
    </message>
    <message>
        <source>Windows-1250 (Central European)</source>
        <translation>Windows-1250（中欧）</translation>
    </message>
    <message>
        <source>Windows-1251 (Cyrillic)</source>
        <translation>Windows-1251（西里尔文）</translation>
    </message>
    <message>
        <source>Windows-1253 (Greek)</source>
        <translation>Windows-1253（希腊文）</translation>
    </message>
    <message>
        <source>Windows-1254 (Turkish)</source>
        <translation>Windows-1254（土耳其文）</translation>
    </message>
    <message>
        <source>Windows-1255 (Hebrew)</source>
        <translation>Windows-1255（希伯来文）</translation>
    </message>
    <message>
        <source>Windows-1256 (Arabic)</source>
        <translation>Windows-1256（阿拉伯文）</translation>
    </message>
    <message>
        <source>Windows-1257 (Baltic)</source>
        <translation>Windows-1257（波罗的海）</translation>
    </message>
    <message>
        <source>Windows-1258 (Vietnamese)</source>
        <translation>Windows-1258（越南文）</translation>
    </message>
    <message>
        <source>Windows-874 (Thai)</source>
        <translation>Windows-874（泰文）</translation>
    </message>
    <message>
        <source>customers&apos; purchases or other events</source>
        <translation>顾客的购买或其他行为记录</translation>
    </message>
    <message>
        <source>a product list: items and their categories</source>
        <translation>商品列表：商品及其品类</translation>
    </message>
    <message>
        <source>a list of customers and what describes them</source>
        <translation>顾客列表：顾客及其属性</translation>
    </message>
    <message>
        <source>&lt;b&gt;Customer&lt;/b&gt; and &lt;b&gt;Time&lt;/b&gt; are required.</source>
        <translation>&lt;b&gt;顾客&lt;/b&gt;和&lt;b&gt;时间&lt;/b&gt;为必填。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Item id&lt;/b&gt; and &lt;b&gt;Category&lt;/b&gt; are required.</source>
        <translation>&lt;b&gt;商品编号&lt;/b&gt;和&lt;b&gt;品类&lt;/b&gt;为必填。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Customer&lt;/b&gt; and one of the customer&apos;s attributes are required.</source>
        <translation>&lt;b&gt;顾客&lt;/b&gt;及其至少一项属性为必填。</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Item name</source>
        <translation>商品名称</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation>时刻</translation>
    </message>
    <message>
        <source>Event type</source>
        <translation>事件类型</translation>
    </message>
    <message>
        <source>Item id</source>
        <translation>商品编号</translation>
    </message>
    <message>
        <source>Category path</source>
        <translation>品类路径</translation>
    </message>
    <message>
        <source>Line amount</source>
        <translation>行金额</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Order status</source>
        <translation>订单状态</translation>
    </message>
    <message>
        <source>Age band</source>
        <translation>年龄段</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Member level</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <source>an attribute (age band, gender, region, channel or member level)</source>
        <translation>一项属性（年龄段、性别、地区、渠道或会员等级）</translation>
    </message>
    <message>
        <source>Choose the columns of {file}</source>
        <translation>选择 {file} 的列</translation>
    </message>
    <message>
        <source>This file holds</source>
        <translation>此文件内容</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>Shiftwise read &lt;b&gt;{file}&lt;/b&gt; as {format}, but check the columns ({encoding}, {delimiter}-separated).</source>
        <translation>Shiftwise 按 {format} 格式读取了 &lt;b&gt;{file}&lt;/b&gt;，但请核对各列（{encoding}，以{delimiter}分隔）。</translation>
    </message>
    <message>
        <source>Shiftwise did not recognise &lt;b&gt;{file}&lt;/b&gt; ({encoding}, {delimiter}-separated).</source>
        <translation>Shiftwise 无法识别 &lt;b&gt;{file}&lt;/b&gt;（{encoding}，以{delimiter}分隔）。</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Times are</source>
        <translation>时间格式</translation>
    </message>
    <message>
        <source>in the project&apos;s time zone</source>
        <translation>项目所在时区</translation>
    </message>
    <message>
        <source>in {zone}</source>
        <translation>时区 {zone}</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>as recognised ({encoding})</source>
        <translation>按识别结果（{encoding}）</translation>
    </message>
    <message>
        <source>Text encoding</source>
        <translation>文本编码</translation>
    </message>
    <message>
        <source>The file (first rows)</source>
        <translation>文件内容（前几行）</translation>
    </message>
    <message>
        <source>What will be imported</source>
        <translation>将导入的内容</translation>
    </message>
    <message>
        <source>Rows that would be rejected</source>
        <translation>将被拒绝的行</translation>
    </message>
    <message>
        <source>Remember these columns for files with the same header</source>
        <translation>对表头相同的文件记住这些列</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Tell it which column holds what.</source>
        <translation>请指明每一列的内容。</translation>
    </message>
    <message>
        <source>Reading {file} again as {encoding}…</source>
        <translation>正在以 {encoding} 重新读取 {file}…</translation>
    </message>
    <message>
        <source>Read {file} again</source>
        <translation>重新读取 {file}</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行内容</translation>
    </message>
    <message>
        <source>Choose the column for: {roles}.</source>
        <translation>请为以下内容选择列：{roles}。</translation>
    </message>
    <message>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <source>Preview {file}</source>
        <translation>预览 {file}</translation>
    </message>
    <message>
        <source>Rows that would be rejected ({n})</source>
        <translation>将被拒绝的行（{n}）</translation>
    </message>
    <message numerus="yes">
        <source>Of the first %n row(s), {good} would be imported and {bad} rejected.</source>
        <translation>
            <numerusform>前 %n 行中，{good} 行将被导入，{bad} 行将被拒绝。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) of the file cannot be read and will be rejected ({reasons}).</source>
        <translation>
            <numerusform>文件中有 %n 行无法读取，将被拒绝（{reasons}）。</numerusform>
        </translation>
    </message>
    <message>
        <source>{warning}.</source>
        <translation>{warning}。</translation>
    </message>
</context>
<context>
    <name>MemberHistory</name>
    <message>
        <source>&lt;b&gt;Customer history&lt;/b&gt; — click a customer in the list</source>
        <translation>&lt;b&gt;顾客历史&lt;/b&gt; — 请点击列表中的顾客</translation>
    </message>
    <message>
        <source>events / week</source>
        <translation>事件数 / 周</translation>
    </message>
    <message>
        <source>purchases</source>
        <translation>购买</translation>
    </message>
    <message>
        <source>browsing</source>
        <translation>浏览</translation>
    </message>
    <message>
        <source>Filter events: type, category or item…</source>
        <translation>筛选事件：类型、品类或商品…</translation>
    </message>
    <message>
        <source>By week</source>
        <translation>按周</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
</context>
<context>
    <name>MetricsChart</name>
    <message>
        <source>The metric to follow over the runs; one line per model that reports it</source>
        <translation>要跨运行跟踪的指标；每个报告该指标的模型一条线</translation>
    </message>
    <message>
        <source>Metrics over runs</source>
        <translation>各次运行的指标</translation>
    </message>
    <message>
        <source>No runs with metrics yet: train or backtest a model to follow its figures here.</source>
        <translation>还没有带指标的运行：训练或回测一个模型后，即可在此跟踪它的数值。</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
</context>
<context>
    <name>MigrationPage</name>
    <message>
        <source>Rolling evaluation cuts behind the verdict: each candidate is fitted on earlier cuts and judged on the weeks after each of these</source>
        <translation>结论所依据的滚动评估切点：每个候选模型都用更早的数据拟合，并在每个切点之后的几周上评判</translation>
    </message>
    <message>
        <source>Evaluation cuts</source>
        <translation>评估切点</translation>
    </message>
    <message>
        <source>Filter customers: id or words of the reason…</source>
        <translation>筛选顾客：编号或原因中的词…</translation>
    </message>
    <message>
        <source>Customers predicted to move into</source>
        <translation>预测将转入以下品类的顾客</translation>
    </message>
    <message>
        <source>Backtest AUC</source>
        <translation>回测 AUC</translation>
    </message>
    <message>
        <source>Expected vs actual per category</source>
        <translation>各品类预计与实际</translation>
    </message>
    <message>
        <source>Predicted moves</source>
        <translation>预测的品类迁移</translation>
    </message>
    <message>
        <source>No migration model: its newest run was skipped, for the reason above.</source>
        <translation>尚无迁移模型：最近一次训练已跳过，原因见上方。</translation>
    </message>
    <message>
        <source>{category}  (≈{expected} expected, ≈{new} more among new customers)</source>
        <translation>{category}（预计 ≈{expected} 人，新顾客中另有 ≈{new} 人）</translation>
    </message>
    <message>
        <source>{category}  (≈{expected} expected)</source>
        <translation>{category}（预计 ≈{expected} 人）</translation>
    </message>
    <message>
        <source>New customers (the transfer model): {verdict}</source>
        <translation>新顾客（迁移学习模型）：{verdict}</translation>
    </message>
    <message>
        <source>Shift scores as of {date} for the next {weeks} weeks · {customers} customers · run {run}</source>
        <translation>截至 {date} 的转移评分，未来 {weeks} 周 · {customers} 位顾客 · 运行 {run}</translation>
    </message>
    <message>
        <source>Shift scores for the next {weeks} weeks · {customers} customers · run {run}</source>
        <translation>未来 {weeks} 周的转移评分 · {customers} 位顾客 · 运行 {run}</translation>
    </message>
</context>
<context>
    <name>ModelCardView</name>
    <message>
        <source>No migration model yet. Press Train to build one.</source>
        <translation>尚无迁移模型。请按“训练”建立模型。</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <source>Predict customers</source>
        <translation>预测顾客</translation>
    </message>
    <message>
        <source>the customers model</source>
        <translation>顾客模型</translation>
    </message>
    <message>
        <source>Predict as of this date (YYYY-MM-DD); blank = the day after the last event</source>
        <translation>以此日期为截止日预测（YYYY-MM-DD）；留空 = 最后一个事件的次日</translation>
    </message>
    <message>
        <source>Cancelled: the previous predictions are kept.</source>
        <translation>已取消：保留上一次的预测。</translation>
    </message>
    <message>
        <source>Fit decay</source>
        <translation>拟合衰减</translation>
    </message>
    <message>
        <source>the fit</source>
        <translation>拟合</translation>
    </message>
    <message>
        <source>Fit as of this date (YYYY-MM-DD); blank = the day after the last event</source>
        <translation>以此日期为截止日拟合（YYYY-MM-DD）；留空 = 最后一个事件的次日</translation>
    </message>
    <message>
        <source>Cancelled: the previous decay model is kept.</source>
        <translation>已取消：保留上一个衰减模型。</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Cancelled: the previous model and its scores are kept.</source>
        <translation>已取消：保留上一个模型及其评分。</translation>
    </message>
    <message>
        <source>Reading the project…</source>
        <translation>正在读取项目…</translation>
    </message>
    <message>
        <source>Reading {page}</source>
        <translation>正在读取{page}</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Train as of this date (YYYY-MM-DD); blank = the day after the last event</source>
        <translation>以此日期为截止日训练（YYYY-MM-DD）；留空 = 最后一个事件的次日</translation>
    </message>
    <message>
        <source>Cancelled: the previous run is kept.</source>
        <translation>已取消：保留上一次运行。</translation>
    </message>
    <message>
        <source>{model} learns per category, so this page stays empty. {why} The Customers page has predictions per customer, which need no categories.</source>
        <translation>{model}按品类学习，所以本页为空。{why}“顾客”页提供每位顾客的预测，不需要品类。</translation>
    </message>
    <message>
        <source>{job} failed: {reason}</source>
        <translation>{job}失败：{reason}</translation>
    </message>
    <message>
        <source>Train segments</source>
        <translation>训练分群</translation>
    </message>
    <message>
        <source>segmentation</source>
        <translation>分群</translation>
    </message>
    <message>
        <source>Segment as of this date (YYYY-MM-DD); blank = the day after the last event</source>
        <translation>以此日期为截止日分群（YYYY-MM-DD）；留空 = 最后一个事件的次日</translation>
    </message>
    <message>
        <source>Cancelled: the previous segmentation is kept.</source>
        <translation>已取消：保留上一次分群。</translation>
    </message>
</context>
<context>
    <name>Plurals</name>
    <message numerus="yes">
        <source>%Ln day(s)</source>
        <translation>
            <numerusform>%Ln 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln week(s)</source>
        <translation>
            <numerusform>%Ln 周</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln month(s)</source>
        <translation>
            <numerusform>%Ln 个月</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n import(s)</source>
        <translation>
            <numerusform>来自 %n 次导入</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import {file} and %n more</source>
        <translation>
            <numerusform>导入 {file} 等 %n 个其他文件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RejectsDialog</name>
    <message>
        <source>Rejected rows of {file}</source>
        <translation>{file} 中被拒绝的行</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s) of {file} were not imported. Why: {reasons}. Fix them in the file and import it again, or leave them out.</source>
        <translation>
            <numerusform>{file} 中有 %Ln 行未导入。原因：{reasons}。请在文件中修正后重新导入，或不导入这些行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every row of {file} was imported.</source>
        <translation>{file} 的所有行均已导入。</translation>
    </message>
    <message>
        <source>Filter by reason or text…</source>
        <translation>按原因或内容筛选…</translation>
    </message>
</context>
<context>
    <name>ReliabilityChart</name>
    <message>
        <source>Are the lapse probabilities honest?</source>
        <translation>流失概率可信吗？</translation>
    </message>
    <message>
        <source>predicted lapse probability</source>
        <translation>预测流失概率</translation>
    </message>
    <message>
        <source>observed lapse rate</source>
        <translation>实际流失率</translation>
    </message>
</context>
<context>
    <name>RunControls</name>
    <message>
        <source>end of data</source>
        <translation>数据结束</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>截止日</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>已继续</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Paused: {what} waits at its next step. Resume or Cancel.</source>
        <translation>已暂停：{what}将在下一步等待。请选择继续或取消。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>RunsPage</name>
    <message>
        <source>Filter runs: kind, status…</source>
        <translation>筛选运行：类型、状态…</translation>
    </message>
    <message>
        <source>Select a run to see its parameters and metrics.</source>
        <translation>选择一次运行以查看其参数和指标。</translation>
    </message>
    <message>
        <source>Every training and backtest is kept here with what it was given and what it measured.</source>
        <translation>每一次训练和回测都保存在这里，包括所用的参数和测得的指标。</translation>
    </message>
    <message>
        <source>Run {run} — {kind}, {status}</source>
        <translation>运行 {run} — {kind}，{status}</translation>
    </message>
    <message>
        <source>As of: {date}    Took: {seconds} s</source>
        <translation>截止日：{date}    用时：{seconds} 秒</translation>
    </message>
    <message>
        <source>Data: {fingerprint}</source>
        <translation>数据：{fingerprint}</translation>
    </message>
    <message>
        <source>Message: {message}</source>
        <translation>消息：{message}</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>参数：</translation>
    </message>
    <message>
        <source>Metrics:</source>
        <translation>指标：</translation>
    </message>
</context>
<context>
    <name>SavedCampaigns</name>
    <message>
        <source>Filter saved campaigns: name, category, status…</source>
        <translation>筛选已保存的营销活动：名称、品类、状态…</translation>
    </message>
    <message>
        <source>Export again…</source>
        <translation>再次导出…</translation>
    </message>
    <message>
        <source>Write the saved list, as it was built, to CSV or Excel, with the attributes ticked in the builder</source>
        <translation>将已保存的名单按生成时的内容写入 CSV 或 Excel，并附上在名单生成器中勾选的属性</translation>
    </message>
    <message>
        <source>Close campaign</source>
        <translation>结束营销活动</translation>
    </message>
    <message>
        <source>A closed campaign no longer keeps its customers out of new lists</source>
        <translation>已结束的营销活动不再把其顾客排除在新名单之外</translation>
    </message>
    <message>
        <source>Select a saved campaign to see whether its customers shifted.</source>
        <translation>选择一个已保存的营销活动，查看其顾客是否发生了转移。</translation>
    </message>
    <message>
        <source>Reopen campaign</source>
        <translation>重新开启营销活动</translation>
    </message>
</context>
<context>
    <name>SegmentsPage</name>
    <message>
        <source>Interest clusters: category mix</source>
        <translation>兴趣群：品类构成</translation>
    </message>
    <message>
        <source>share of the cluster&apos;s activity</source>
        <translation>占该兴趣群活动的比例</translation>
    </message>
    <message>
        <source>Tier movements</source>
        <translation>分层变动</translation>
    </message>
    <message>
        <source>customers, by their tier a period ago</source>
        <translation>顾客数，按一个周期前的分层</translation>
    </message>
    <message>
        <source>&lt;b&gt;Customers&lt;/b&gt; — click a tier, a cluster or a movement</source>
        <translation>&lt;b&gt;顾客&lt;/b&gt; — 请点击分层、兴趣群或分层变动</translation>
    </message>
    <message>
        <source>Filter customers: id, cluster or category…</source>
        <translation>筛选顾客：编号、兴趣群或品类…</translation>
    </message>
    <message>
        <source>Clusters</source>
        <translation>兴趣群</translation>
    </message>
    <message>
        <source>Click a cluster to list its customers</source>
        <translation>点击一个兴趣群，列出其顾客</translation>
    </message>
    <message>
        <source>Open a project first</source>
        <translation>请先打开项目</translation>
    </message>
    <message>
        <source>Reading the project…</source>
        <translation>正在读取项目…</translation>
    </message>
    <message>
        <source>No segmentation yet: click “Train segments”</source>
        <translation>尚无分群：请点击“训练分群”</translation>
    </message>
    <message>
        <source>No segmentation yet: click “Train segments”.</source>
        <translation>尚无分群：请点击“训练分群”。</translation>
    </message>
    <message>
        <source>No interest clusters: no purchase has a category</source>
        <translation>没有兴趣聚类：没有任何购买带有品类</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>{customers} customers · {share} of revenue</source>
        <translation>{customers} 位顾客 · 占营业额 {share}</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新顾客</translation>
    </message>
    <message>
        <source>was {tier}</source>
        <translation>原为{tier}</translation>
    </message>
    <message>
        <source>now {tier}</source>
        <translation>现为{tier}</translation>
    </message>
    <message>
        <source>Tier movements: {weeks} weeks ago → now</source>
        <translation>分层变动：{weeks} 周前 → 现在</translation>
    </message>
    <message>
        <source>Choosing the number of clusters… tried up to {k}; usable so far: {usable}</source>
        <translation>正在选择兴趣群数… 已尝试到 {k}；目前可用：{usable}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Choosing the number of clusters…</source>
        <translation>正在选择兴趣群数…</translation>
    </message>
    <message>
        <source>&lt;b&gt;{tier} tier&lt;/b&gt; — {customers} customers, most engaged first</source>
        <translation>&lt;b&gt;{tier}层&lt;/b&gt; — {customers} 位顾客，最活跃的排在前面</translation>
    </message>
    <message>
        <source>Cluster {n}</source>
        <translation>兴趣群 {n}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{cluster}&lt;/b&gt; — {customers} customers, most engaged first</source>
        <translation>&lt;b&gt;{cluster}&lt;/b&gt; — {customers} 位顾客，最活跃的排在前面</translation>
    </message>
    <message>
        <source>{tier} a period ago, no activity since</source>
        <translation>一个周期前为{tier}，此后没有活动</translation>
    </message>
    <message>
        <source>New customers, now {tier}</source>
        <translation>新顾客，现为{tier}</translation>
    </message>
    <message>
        <source>From {before} to {now}</source>
        <translation>从{before}到{now}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{what}&lt;/b&gt; — {customers} customers</source>
        <translation>&lt;b&gt;{what}&lt;/b&gt; — {customers} 位顾客</translation>
    </message>
    <message>
        <source>Building customer features…</source>
        <translation>正在生成顾客特征…</translation>
    </message>
    <message>
        <source>Comparing tiers with a period earlier…</source>
        <translation>正在与一个周期前的分层对比…</translation>
    </message>
    <message>
        <source>{customers} customers active in the {weeks} weeks before {date}</source>
        <translation>{date} 之前 {weeks} 周内有 {customers} 位活跃顾客</translation>
    </message>
    <message>
        <source>{active} · tiers only: {reason} · run {run}</source>
        <translation>{active} · 仅分层：{reason} · 运行 {run}</translation>
    </message>
    <message>
        <source>{active} · {k} interest clusters · run {run}</source>
        <translation>{active} · {k} 个兴趣群 · 运行 {run}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Applies at the next start of Shiftwise. “System” follows the computer&apos;s language: Chinese for a Chinese system, English otherwise.</source>
        <translation>下次启动 Shiftwise 时生效。“跟随系统”按电脑的语言显示：中文系统显示中文，其他系统显示英文。</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source> weeks</source>
        <translation> 周</translation>
    </message>
    <message>
        <source>L: a shift is a purchase in a category the customer did not buy in the last L weeks</source>
        <translation>L：转移是指顾客购买了过去 L 周内没有买过的品类</translation>
    </message>
    <message>
        <source>H: the models predict what happens in the next H weeks</source>
        <translation>H：模型预测未来 H 周内发生的情况</translation>
    </message>
    <message>
        <source>Periods and model defaults</source>
        <translation>周期与模型默认值</translation>
    </message>
    <message>
        <source>Period length</source>
        <translation>周期长度</translation>
    </message>
    <message>
        <source>The Data page counts events per period. The models always count in weeks.</source>
        <translation>“数据”页按周期统计事件数。模型始终按周计算。</translation>
    </message>
    <message>
        <source>Look-back L</source>
        <translation>回看期 L</translation>
    </message>
    <message>
        <source>Horizon H</source>
        <translation>预测期 H</translation>
    </message>
    <message>
        <source>L and H apply to every training started afterwards, Train all included; a page&apos;s own Horizon field still wins.</source>
        <translation>L 和 H 适用于此后开始的每次训练，包括“全部训练”；页面上自己的“预测期”字段仍然优先。</translation>
    </message>
    <message>
        <source>automatic ({size})</source>
        <translation>自动（{size}）</translation>
    </message>
    <message>
        <source>automatic ({n})</source>
        <translation>自动（{n}）</translation>
    </message>
    <message>
        <source>Database engine (DuckDB)</source>
        <translation>数据库引擎（DuckDB）</translation>
    </message>
    <message>
        <source>Memory limit</source>
        <translation>内存上限</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>Memory between {low} and {high}, like 2GB or 512MB; threads between 1 and {cores}. They apply to projects opened from now on: reopen the open project to use them.</source>
        <translation>内存介于 {low} 和 {high} 之间，例如 2GB 或 512MB；线程数介于 1 和 {cores} 之间。设置对此后打开的项目生效：请重新打开当前项目以使用新设置。</translation>
    </message>
    <message>
        <source>The open project uses: memory limit {memory}, threads {threads}.</source>
        <translation>当前项目使用：内存上限 {memory}，线程数 {threads}。</translation>
    </message>
    <message>
        <source>The memory limit must be a size between {low} and {high} (this machine&apos;s memory), like 2GB or 512MB; “{value}” is not.</source>
        <translation>内存上限必须介于 {low} 和 {high}（本机内存）之间，例如 2GB 或 512MB；“{value}”不符合要求。</translation>
    </message>
</context>
<context>
    <name>SqlTableView</name>
    <message>
        <source>Filter…</source>
        <translation>筛选…</translation>
    </message>
    <message>
        <source>Query failed: {reason}</source>
        <translation>查询失败：{reason}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln+ row(s), counting…</source>
        <translation>
            <numerusform>已有 %Ln+ 行，正在计数…</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln 行</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TierCard</name>
    <message>
        <source>Show the customers of the {tier} tier</source>
        <translation>显示{tier}层的顾客</translation>
    </message>
    <message>
        <source>Weekly revenue of this tier&apos;s customers</source>
        <translation>该分层顾客的每周营业额</translation>
    </message>
    <message>
        <source>{share} of customers</source>
        <translation>占顾客的 {share}</translation>
    </message>
    <message>
        <source>No segmentation yet</source>
        <translation>尚无分群</translation>
    </message>
    <message>
        <source>{customers} of customers · {revenue} of revenue</source>
        <translation>占顾客的 {customers} · 占营业额的 {revenue}</translation>
    </message>
    <message>
        <source>vs {weeks} weeks ago ({before})</source>
        <translation>对比 {weeks} 周前（{before}）</translation>
    </message>
    <message>
        <source>Weekly revenue of this tier&apos;s customers, last {weeks} weeks</source>
        <translation>该分层顾客的每周营业额，最近 {weeks} 周</translation>
    </message>
</context>
<context>
    <name>TourPanel</name>
    <message>
        <source>&lt;b&gt;Who are my customers?&lt;/b&gt; Interest tiers and clusters, on &lt;i&gt;Segments&lt;/i&gt;.</source>
        <translation>&lt;b&gt;我的顾客是谁？&lt;/b&gt;兴趣分层和兴趣群，见&lt;i&gt;分群&lt;/i&gt;页。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Whose interest is fading, and in what?&lt;/b&gt; Half-lives and lapse risk, on &lt;i&gt;Decay&lt;/i&gt;.</source>
        <translation>&lt;b&gt;谁对什么的兴趣正在衰减？&lt;/b&gt;半衰期和流失风险，见&lt;i&gt;衰减&lt;/i&gt;页。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Who is about to move into a new category?&lt;/b&gt; The shift model and its baselines, on &lt;i&gt;Migration&lt;/i&gt;; &lt;i&gt;Campaigns&lt;/i&gt; turns its scores into mailing lists.</source>
        <translation>&lt;b&gt;谁即将转入新的品类？&lt;/b&gt;转移模型及其基线，见&lt;i&gt;迁移&lt;/i&gt;页；&lt;i&gt;营销活动&lt;/i&gt;页把转移评分变成营销活动名单。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Shiftwise answers three questions about your shop&apos;s customers:&lt;/b&gt;</source>
        <translation>&lt;b&gt;Shiftwise 回答关于你店铺顾客的三个问题：&lt;/b&gt;</translation>
    </message>
    <message>
        <source>You are looking at the demo shop. To start with your own data: &lt;b&gt;File ▸ Import&lt;/b&gt; (Ctrl+I) or drop a shop export on the window, then &lt;b&gt;Models ▸ Train all&lt;/b&gt; (Ctrl+T).</source>
        <translation>你现在看到的是演示店铺。要使用自己的数据：选择&lt;b&gt;文件 ▸ 导入&lt;/b&gt;（Ctrl+I）或把店铺导出文件拖到窗口上，然后选择&lt;b&gt;模型 ▸ 全部训练&lt;/b&gt;（Ctrl+T）。</translation>
    </message>
    <message>
        <source>To add data: &lt;b&gt;File ▸ Import&lt;/b&gt; (Ctrl+I) or drop a shop export on the window, then &lt;b&gt;Models ▸ Train all&lt;/b&gt; (Ctrl+T).</source>
        <translation>要添加数据：选择&lt;b&gt;文件 ▸ 导入&lt;/b&gt;（Ctrl+I）或把店铺导出文件拖到窗口上，然后选择&lt;b&gt;模型 ▸ 全部训练&lt;/b&gt;（Ctrl+T）。</translation>
    </message>
    <message>
        <source>Got it</source>
        <translation>知道了</translation>
    </message>
</context>
<context>
    <name>TrainingCurves</name>
    <message>
        <source>Out-of-sample AUC at each evaluation cut (higher is better)</source>
        <translation>各评估切点的样本外 AUC（越高越好）</translation>
    </message>
    <message>
        <source>evaluation cut (1 = latest)</source>
        <translation>评估切点（1 = 最近）</translation>
    </message>
</context>
<context>
    <name>UpliftChart</name>
    <message>
        <source>Shifted into the category since the campaign</source>
        <translation>营销活动后转入该品类的比例</translation>
    </message>
    <message>
        <source>% of group</source>
        <translation>占组内的 %</translation>
    </message>
    <message>
        <source>weeks after the campaign date</source>
        <translation>营销日期之后的周数</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标组</translation>
    </message>
    <message>
        <source>control (no message)</source>
        <translation>对照组（不发消息）</translation>
    </message>
    <message>
        <source>Results appear here once orders after the campaign date are imported</source>
        <translation>导入营销日期之后的订单后，这里会显示效果</translation>
    </message>
    <message>
        <source>Bought anything since the campaign</source>
        <translation>营销活动后有购买的比例</translation>
    </message>
    <message>
        <source>Uplift per campaign, with 95% CI</source>
        <translation>各营销活动的提升效果（含 95% 置信区间）</translation>
    </message>
    <message>
        <source>uplift (points)</source>
        <translation>提升（百分点）</translation>
    </message>
    <message>
        <source>No campaign has results yet</source>
        <translation>还没有营销活动产生效果数据</translation>
    </message>
</context>
<context>
    <name>WeeklyEventsChart</name>
    <message>
        <source>Events per week</source>
        <translation>每周事件数</translation>
    </message>
    <message>
        <source>No events yet: import a shop&apos;s export (File ▸ Import, or drop the file on the window).</source>
        <translation>还没有事件：请导入店铺的导出文件（文件 ▸ 导入，或把文件拖到窗口上）。</translation>
    </message>
    <message>
        <source>Counting the events…</source>
        <translation>正在统计事件…</translation>
    </message>
    <message>
        <source>dashed: a period&lt;br&gt;the data covers in part</source>
        <translation>虚线：数据只覆盖了&lt;br&gt;其中一部分的时段</translation>
    </message>
</context>
<context>
    <name>campaigns</name>
    <message>
        <source>Any purchase · likely to lapse</source>
        <translation>任意购买 · 可能流失</translation>
    </message>
    <message>
        <source>Any purchase · high expected value</source>
        <translation>任意购买 · 预计价值高</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标组</translation>
    </message>
    <message>
        <source>control</source>
        <translation>对照组</translation>
    </message>
    <message>
        <source>active</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已结束</translation>
    </message>
</context>
<context>
    <name>columns</name>
    <message>
        <source>id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>duplicates</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>略过</translation>
    </message>
    <message>
        <source>encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>customer id</source>
        <translation>顾客编号</translation>
    </message>
    <message>
        <source>ts</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>event type</source>
        <translation>事件类型</translation>
    </message>
    <message>
        <source>order id</source>
        <translation>订单编号</translation>
    </message>
    <message>
        <source>item id</source>
        <translation>商品编号</translation>
    </message>
    <message>
        <source>item name</source>
        <translation>商品名称</translation>
    </message>
    <message>
        <source>category</source>
        <translation>品类</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>as of</source>
        <translation>截止日</translation>
    </message>
    <message>
        <source>started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒数</translation>
    </message>
    <message>
        <source>summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>分层</translation>
    </message>
    <message>
        <source>Interest cluster</source>
        <translation>兴趣群</translation>
    </message>
    <message>
        <source>Category mix</source>
        <translation>品类构成</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>最近活动</translation>
    </message>
    <message>
        <source>Days since</source>
        <translation>距今天数</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>购买次数</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>消费额</translation>
    </message>
    <message>
        <source>Engagement</source>
        <translation>活跃度</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>First order</source>
        <translation>首次下单</translation>
    </message>
    <message>
        <source>Last order</source>
        <translation>最近下单</translation>
    </message>
    <message>
        <source>P(buy again)</source>
        <translation>再次购买概率</translation>
    </message>
    <message>
        <source>Exp. orders</source>
        <translation>预计订单数</translation>
    </message>
    <message>
        <source>Exp. spend</source>
        <translation>预计消费</translation>
    </message>
    <message>
        <source>Next order</source>
        <translation>下次下单</translation>
    </message>
    <message>
        <source>BG/NBD P</source>
        <translation>BG/NBD 概率</translation>
    </message>
    <message>
        <source>Interest today</source>
        <translation>当前兴趣</translation>
    </message>
    <message>
        <source>Half-life (days)</source>
        <translation>半衰期（天）</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>最近购买</translation>
    </message>
    <message>
        <source>Decay point</source>
        <translation>衰减点</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Rank for customer</source>
        <translation>顾客内排名</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>shift score</source>
        <translation>转移评分</translation>
    </message>
    <message>
        <source>group</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>targets</source>
        <translation>目标组</translation>
    </message>
    <message>
        <source>control</source>
        <translation>对照组</translation>
    </message>
    <message>
        <source>expected shifters</source>
        <translation>预计转移人数</translation>
    </message>
    <message>
        <source>weeks</source>
        <translation>周数</translation>
    </message>
    <message>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>items</source>
        <translation>商品数</translation>
    </message>
    <message>
        <source>buyers</source>
        <translation>购买人数</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行内容</translation>
    </message>
    <message>
        <source>tier before</source>
        <translation>之前的分层</translation>
    </message>
    <message>
        <source>tier now</source>
        <translation>现在的分层</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Details are in the log: {path}</source>
        <translation>详细信息见日志：{path}</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出现错误</translation>
    </message>
</context>
<context>
    <name>events</name>
    <message>
        <source>view</source>
        <translation>浏览</translation>
    </message>
    <message>
        <source>cart</source>
        <translation>加购</translation>
    </message>
    <message>
        <source>favourite</source>
        <translation>收藏</translation>
    </message>
    <message>
        <source>purchase</source>
        <translation>购买</translation>
    </message>
    <message>
        <source>refund</source>
        <translation>退货</translation>
    </message>
</context>
<context>
    <name>import</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Open or create a project first (File ▸ New project).</source>
        <translation>请先打开或创建项目（文件 ▸ 新建项目）。</translation>
    </message>
    <message>
        <source>Import {file}</source>
        <translation>导入 {file}</translation>
    </message>
    <message>
        <source>Import failed: {reason}</source>
        <translation>导入失败：{reason}</translation>
    </message>
    <message>
        <source>Import cancelled; the project is unchanged</source>
        <translation>已取消导入；项目未改变</translation>
    </message>
    <message>
        <source>Import failed; the project is unchanged</source>
        <translation>导入失败；项目未改变</translation>
    </message>
    <message>
        <source>Nothing was imported: every file lands or none does.</source>
        <translation>未导入任何内容：所有文件要么全部导入，要么全不导入。</translation>
    </message>
    <message>
        <source>Add the order report…</source>
        <translation>添加订单报表…</translation>
    </message>
    <message>
        <source>Rejected rows are listed on the Data page (Rejected rows).</source>
        <translation>被拒绝的行列在“数据”页（被拒绝的行）。</translation>
    </message>
    <message>
        <source>The order report (ExportOrderList) of these lines</source>
        <translation>这些订单行的订单报表（ExportOrderList）</translation>
    </message>
    <message>
        <source>Shop exports ({patterns});;All files (*)</source>
        <translation>店铺导出文件 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Read {file}</source>
        <translation>读取 {file}</translation>
    </message>
</context>
<context>
    <name>metrics</name>
    <message>
        <source>auc</source>
        <translation>AUC</translation>
    </message>
    <message>
        <source>silhouette</source>
        <translation>轮廓系数</translation>
    </message>
    <message>
        <source>brier_skill</source>
        <translation>Brier 技能分</translation>
    </message>
    <message>
        <source>brier</source>
        <translation>Brier 分数</translation>
    </message>
    <message>
        <source>stability</source>
        <translation>稳定性</translation>
    </message>
    <message>
        <source>k</source>
        <translation>群数 k</translation>
    </message>
    <message>
        <source>n_customers</source>
        <translation>顾客数</translation>
    </message>
    <message>
        <source>n_categories</source>
        <translation>品类数</translation>
    </message>
    <message>
        <source>categories</source>
        <translation>品类数</translation>
    </message>
    <message>
        <source>categories_scored</source>
        <translation>已评分品类数</translation>
    </message>
    <message>
        <source>categories_in_data</source>
        <translation>数据中的品类数</translation>
    </message>
    <message>
        <source>n_pairs</source>
        <translation>顾客-品类对数</translation>
    </message>
    <message>
        <source>candidate_pairs</source>
        <translation>候选顾客-品类对数</translation>
    </message>
    <message>
        <source>pairs_written</source>
        <translation>写入的顾客-品类对数</translation>
    </message>
    <message>
        <source>cold_customers</source>
        <translation>冷启动顾客数</translation>
    </message>
    <message>
        <source>reference_customers</source>
        <translation>参照顾客数</translation>
    </message>
    <message>
        <source>holdout_customers</source>
        <translation>留出顾客数</translation>
    </message>
    <message>
        <source>customers_scored</source>
        <translation>已评分顾客数</translation>
    </message>
    <message>
        <source>median_half_life_days</source>
        <translation>半衰期中位数（天）</translation>
    </message>
    <message>
        <source>at_risk_pairs</source>
        <translation>有流失风险的组合数</translation>
    </message>
    <message>
        <source>at_risk_customers_main</source>
        <translation>主要品类有流失风险的顾客数</translation>
    </message>
    <message>
        <source>at_risk_customers_any</source>
        <translation>任一品类有流失风险的顾客数</translation>
    </message>
    <message>
        <source>customers_with_purchase</source>
        <translation>有购买的顾客数</translation>
    </message>
    <message>
        <source>lapse_rate</source>
        <translation>流失率</translation>
    </message>
    <message>
        <source>buy_again_rate</source>
        <translation>复购率</translation>
    </message>
    <message>
        <source>spearman_spend</source>
        <translation>消费 Spearman 相关系数</translation>
    </message>
    <message>
        <source>total_spend_error</source>
        <translation>总消费误差</translation>
    </message>
    <message>
        <source>total_orders_error</source>
        <translation>总订单数误差</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒数</translation>
    </message>
    <message>
        <source>train_rows</source>
        <translation>训练行数</translation>
    </message>
    <message>
        <source>learned_train_rows</source>
        <translation>学习用训练行数</translation>
    </message>
    <message>
        <source>evaluation_cuts</source>
        <translation>评估切分数</translation>
    </message>
    <message>
        <source>train_cuts</source>
        <translation>训练切分数</translation>
    </message>
    <message>
        <source>train_cuts_used</source>
        <translation>已用训练切分数</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>lstm_fallback_pairs</source>
        <translation>LSTM 回退的顾客-品类对数</translation>
    </message>
    <message>
        <source>clusters_matched_to_previous</source>
        <translation>与上次匹配的聚类数</translation>
    </message>
    <message>
        <source>n_buyers</source>
        <translation>购买者数</translation>
    </message>
    <message>
        <source>fit_sampled_categories</source>
        <translation>按样本拟合的品类数</translation>
    </message>
    <message>
        <source>expected_buyers</source>
        <translation>预期购买者数</translation>
    </message>
    <message>
        <source>mean_p</source>
        <translation>平均概率</translation>
    </message>
    <message>
        <source>auc_popularity</source>
        <translation>AUC（流行度基线）</translation>
    </message>
    <message>
        <source>horizon_weeks</source>
        <translation>预测期（周）</translation>
    </message>
    <message>
        <source>silhouette_sample</source>
        <translation>轮廓系数样本量</translation>
    </message>
    <message>
        <source>calibration_a</source>
        <translation>校准参数 a</translation>
    </message>
    <message>
        <source>calibration_b</source>
        <translation>校准参数 b</translation>
    </message>
    <message>
        <source>calibration_split_auc</source>
        <translation>校准集 AUC</translation>
    </message>
    <message>
        <source>calibration_split_brier</source>
        <translation>校准集 Brier 分数</translation>
    </message>
    <message>
        <source>calibration_split_log_loss</source>
        <translation>校准集对数损失</translation>
    </message>
    <message>
        <source>heavy_to_light</source>
        <translation>重度→轻度</translation>
    </message>
    <message>
        <source>lapse_auc_category_decay</source>
        <translation>流失 AUC（按品类衰减）</translation>
    </message>
    <message>
        <source>lapse_auc_decay</source>
        <translation>流失 AUC（衰减模型）</translation>
    </message>
    <message>
        <source>lapse_auc_gbm</source>
        <translation>流失 AUC（梯度提升）</translation>
    </message>
    <message>
        <source>lapse_auc_gbm_decay</source>
        <translation>流失 AUC（梯度提升 + 衰减模型）</translation>
    </message>
    <message>
        <source>lapse_auc_recency</source>
        <translation>流失 AUC（最近度）</translation>
    </message>
    <message>
        <source>lapse_auc_recency_frequency</source>
        <translation>流失 AUC（最近度 + 频次）</translation>
    </message>
</context>
<context>
    <name>pages</name>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Your imports, the health of your data and every event.</source>
        <translation>你的导入记录、数据健康状况以及全部事件。</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Build campaign lists from shift scores, hold out a control group, export, and measure uplift.</source>
        <translation>根据转移评分生成营销活动名单，留出对照组，导出并衡量提升效果。</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Every model run with its parameters and metrics.</source>
        <translation>每次模型运行及其参数和指标。</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>分群</translation>
    </message>
    <message>
        <source>Decay</source>
        <translation>衰减</translation>
    </message>
    <message>
        <source>Migration</source>
        <translation>迁移</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>迁移学习</translation>
    </message>
    <message>
        <source>This page is not part of this build yet.</source>
        <translation>本版本尚未包含此页。</translation>
    </message>
</context>
<context>
    <name>runs</name>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
</context>
<context>
    <name>tiers</name>
    <message>
        <source>light</source>
        <translation>轻度</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中度</translation>
    </message>
    <message>
        <source>heavy</source>
        <translation>重度</translation>
    </message>
    <message>
        <source>lapsed</source>
        <translation>已流失</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新顾客</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>轻度</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中度</translation>
    </message>
    <message>
        <source>Heavy</source>
        <translation>重度</translation>
    </message>
</context>
</TS>
