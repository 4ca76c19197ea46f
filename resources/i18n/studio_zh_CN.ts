<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>Merchant Studio</source>
        <translation>商家直播工作台</translation>
    </message>
    <message>
        <source>A broadcasting studio for live-stream commerce.</source>
        <translation>为直播带货做的推流工作台。</translation>
    </message>
    <message>
        <source>Your shows, settings and logs are kept in:</source>
        <translation>你的直播记录、设置和日志保存在：</translation>
    </message>
    <message>
        <source>Icons: Material Design Icons (Apache 2.0). Font: Noto Sans CJK (SIL OFL 1.1). FFmpeg and x264 (GPL), Qt (LGPL).</source>
        <translation>图标：Material Design Icons（Apache 2.0）。字体：思源黑体 Noto Sans CJK（SIL OFL 1.1）。FFmpeg 与 x264（GPL），Qt（LGPL）。</translation>
    </message>
    <message>
        <source>About Merchant Studio</source>
        <translation>关于商家直播工作台</translation>
    </message>
</context>
<context>
    <name>CrashNotice</name>
    <message>
        <source>Merchant Studio closed unexpectedly last time. What it wrote down is in:
{path}

Your products and the show&apos;s journal are kept.</source>
        <translation>商家直播工作台上次意外退出了。当时记下的情况在：
{path}

你的商品和直播记录都还在。</translation>
    </message>
    <message>
        <source>Merchant Studio ran into an unexpected error. If you are on air, the stream goes on.

What happened is written to:
{path}

Send that file to support: it helps find the cause.</source>
        <translation>商家直播工作台遇到了一个意外错误。如果正在直播，直播不会中断。

出错的经过已写入：
{path}

把这个文件发给客服，能帮我们找到原因。</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出了点问题</translation>
    </message>
    <message>
        <source>Open the log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
</context>
<context>
    <name>DestinationRetry</name>
    <message>
        <source>Enter a new stream key…</source>
        <translation>输入新的推流码…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>再试一次</translation>
    </message>
    <message>
        <source>{name} is not receiving the stream</source>
        <translation>{name} 没有收到直播</translation>
    </message>
    <message>
        <source>{name}: {why}

The stream and the recording go on.</source>
        <translation>{name}：{why}

直播画面和录像都在继续。</translation>
    </message>
    <message>
        <source>Stream key</source>
        <translation>推流码</translation>
    </message>
    <message>
        <source>New stream key for {name}:</source>
        <translation>「{name}」的新推流码：</translation>
    </message>
    <message>
        <source>Trying {name} again…</source>
        <translation>正在重新连接 {name}…</translation>
    </message>
</context>
<context>
    <name>DestinationsDialog</name>
    <message>
        <source>Push destinations</source>
        <translation>推流设置</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>rtmp://… as the platform&apos;s console shows it</source>
        <translation>rtmp://…（照平台后台显示的复制）</translation>
    </message>
    <message>
        <source>stream key (推流码), if given separately</source>
        <translation>推流码（如果是单独给的）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Push URL</source>
        <translation>推流地址</translation>
    </message>
    <message>
        <source>Stream key</source>
        <translation>推流码</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Use the recommended picture settings</source>
        <translation>使用平台推荐的画面设置</translation>
    </message>
    <message>
        <source>Type the key each time I go live</source>
        <translation>每次开播时输入推流码</translation>
    </message>
    <message>
        <source>This computer has no system keyring, so keys cannot be saved. Tick the box above to type the key each time you go live.</source>
        <translation>这台电脑没有系统钥匙串，推流码无法保存。勾选上面一项，每次开播时输入推流码。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试推流</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>saved in the system keyring (type to replace)</source>
        <translation>已保存在系统钥匙串（输入新的可替换）</translation>
    </message>
    <message>
        <source>stream key (推流码)</source>
        <translation>推流码</translation>
    </message>
    <message>
        <source>the push domain&apos;s authentication KEY (鉴权 KEY), kept in the keyring</source>
        <translation>推流域名的鉴权 KEY（存入系统钥匙串）</translation>
    </message>
    <message>
        <source>portrait</source>
        <translation>竖屏</translation>
    </message>
    <message>
        <source>landscape</source>
        <translation>横屏</translation>
    </message>
    <message>
        <source>{platform}: {quality} {shape} {w}x{h}, up to {kbps} kbps, a keyframe every {k} s</source>
        <translation>{platform}：{quality} {shape} {w}x{h}，码率不超过 {kbps} kbps，关键帧间隔 {k} 秒</translation>
    </message>
    <message>
        <source>(the platform publishes no figures: our defaults)</source>
        <translation>（平台未公布推流参数：这是工作台的默认值）</translation>
    </message>
    <message>
        <source>picture size</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>bitrate</source>
        <translation>码率</translation>
    </message>
    <message>
        <source>keyframe interval</source>
        <translation>关键帧间隔</translation>
    </message>
    <message>
        <source>(source: {page})</source>
        <translation>（来源：{page}）</translation>
    </message>
    <message>
        <source>Not published there: {figures}.</source>
        <translation>该页未公布：{figures}。</translation>
    </message>
    <message>
        <source>The picture settings now follow the platform.</source>
        <translation>画面设置已按平台推荐调整。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved. The key is kept in the system keyring.</source>
        <translation>已保存。推流码保存在系统钥匙串里。</translation>
    </message>
    <message>
        <source>Saved without the key.</source>
        <translation>已保存（不含推流码）。</translation>
    </message>
    <message>
        <source>Save it first: a push URL made at each go-live is tested as saved.</source>
        <translation>请先保存：每次开播才生成的推流地址要保存后再测试。</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Welcome to Merchant Studio</source>
        <translation>欢迎使用商家直播工作台</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Camera and microphone</source>
        <translation>摄像头和麦克风</translation>
    </message>
    <message>
        <source>Test pattern (no camera)</source>
        <translation>测试画面（没有摄像头）</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>The uplink (how fast this network sends) is measured before your first show, once a push destination is added: about 10 s, and the quality is lowered if the uplink cannot carry it. Have your push URL at hand? Paste it here to measure now (it is not saved).</source>
        <translation>上行网速（这条网络往外发得有多快）会在添加推流地址后、第一次开播前测：大约 10 秒，网速带不动时会自动调低画质。手边有推流地址？贴在这里现在就测（不会保存）。</translation>
    </message>
    <message>
        <source>Push URL (optional)</source>
        <translation>推流地址（可不填）</translation>
    </message>
    <message>
        <source>Test the uplink</source>
        <translation>测上行网速</translation>
    </message>
    <message>
        <source>No camera was found, so the studio uses its test picture. Plug in a camera (it appears here), or pick a screen only if viewers may see your whole desktop.</source>
        <translation>没有找到摄像头，所以先用测试画面。插上摄像头后它会出现在这里；只有在可以让观众看到整个电脑桌面时，才选「屏幕」。</translation>
    </message>
    <message>
        <source>This computer can stream {quality} with beauty, the cutout and noise suppression on</source>
        <translation>这台电脑开着美颜、智能抠像和降噪也能推：{quality}</translation>
    </message>
    <message>
        <source>Testing the uplink… (about 10 s)</source>
        <translation>正在测上行网速…（大约 10 秒）</translation>
    </message>
    <message>
        <source>Uplink about {kbps} kbps: {quality}</source>
        <translation>上行约 {kbps} kbps：{quality}</translation>
    </message>
    <message>
        <source>Test tone (no microphone)</source>
        <translation>测试音（没有麦克风）</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Microphone: say something, the bar should move</source>
        <translation>麦克风：说句话，音量条应该会动</translation>
    </message>
    <message>
        <source>Machine check</source>
        <translation>电脑性能检查</translation>
    </message>
    <message>
        <source>The studio measures what this computer can stream and picks the picture quality.</source>
        <translation>工作台会测一下这台电脑能推多高的画质，并帮你选好。</translation>
    </message>
    <message>
        <source>Portrait 9:16 (phones)</source>
        <translation>竖屏 9:16（手机观看）</translation>
    </message>
    <message>
        <source>Landscape 16:9</source>
        <translation>横屏 16:9</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>准备好了</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>All set. The studio opens in rehearsal mode: nothing is public until you untick “Rehearsal” and press “Go live”.</source>
        <translation>都准备好了。工作台先进入彩排模式：取消勾选「彩排模式」并点「开始直播」之前，观众什么也看不到。</translation>
    </message>
    <message>
        <source>Measuring… (about half a minute)</source>
        <translation>正在测量…（大约半分钟）</translation>
    </message>
    <message>
        <source>The check did not finish ({why}); Standard 720p is a safe choice.</source>
        <translation>检查没有完成（{why}）；选标清 720p 比较稳妥。</translation>
    </message>
    <message>
        <source>Skipped: Standard 720p is a safe choice.</source>
        <translation>已跳过：选标清 720p 比较稳妥。</translation>
    </message>
</context>
<context>
    <name>GoLive</name>
    <message>
        <source>Stream key</source>
        <translation>推流码</translation>
    </message>
    <message>
        <source>Stream key for {name}:</source>
        <translation>「{name}」的推流码：</translation>
    </message>
    <message>
        <source>Not live: nothing was sent.</source>
        <translation>没有开播：什么都没有推出去。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Test the uplink first?</source>
        <translation>开播前先测一下上行网速？</translation>
    </message>
    <message>
        <source>Test, then go live</source>
        <translation>测速后开播</translation>
    </message>
    <message>
        <source>Start anyway</source>
        <translation>仍然开始</translation>
    </message>
    <message>
        <source>Go live without testing</source>
        <translation>不测，直接开播</translation>
    </message>
    <message>
        <source>How fast this network pushes to {name} has not been measured yet. The test takes about 10 s and pushes a test picture of coloured snow to it (viewers may see it if the live room is already open); then the picture quality is set to what the uplink carries and the stream starts.</source>
        <translation>还没测过这条网络推到「{name}」能有多快。测速大约 10 秒，会向它推一段彩色雪花样的测试画面（如果直播间已经开着，观众可能看得到）；测完按网速选好画质，然后开始直播。</translation>
    </message>
    <message>
        <source>Add a push destination first (Streaming → Push destinations…): the uplink is measured to it.</source>
        <translation>请先添加推流地址（推流 → 推流设置…）：上行网速是对着它测的。</translation>
    </message>
    <message>
        <source>Testing the uplink to {name}… (about 10 s)</source>
        <translation>正在测推到「{name}」的上行网速…（大约 10 秒）</translation>
    </message>
    <message>
        <source>Uplink about {kbps} kbps: {quality}</source>
        <translation>上行约 {kbps} kbps：{quality}</translation>
    </message>
    <message>
        <source> (lowered from {old})</source>
        <translation>（已从 {old} 调低）</translation>
    </message>
    <message>
        <source>The uplink is too slow</source>
        <translation>上行网速太慢</translation>
    </message>
    <message>
        <source>Go live anyway</source>
        <translation>仍然开播</translation>
    </message>
    <message>
        <source>Could not start: {what}</source>
        <translation>没能开始：{what}</translation>
    </message>
</context>
<context>
    <name>HealthChips</name>
    <message>
        <source>Off air</source>
        <translation>未开播</translation>
    </message>
    <message>
        <source>Uplink —</source>
        <translation>上行 —</translation>
    </message>
    <message>
        <source>Frames —</source>
        <translation>帧 —</translation>
    </message>
    <message>
        <source>CPU —</source>
        <translation>CPU 占用 —</translation>
    </message>
    <message>
        <source>Rehearsing {time}</source>
        <translation>彩排中 {time}</translation>
    </message>
    <message>
        <source>LIVE {time}</source>
        <translation>直播中 {time}</translation>
    </message>
    <message>
        <source>Connecting {time}</source>
        <translation>连接中 {time}</translation>
    </message>
    <message>
        <source>Uplink: this computer only</source>
        <translation>上行：仅本机</translation>
    </message>
    <message>
        <source>Uplink {live}/{total} · {kbps:.0f} kbps</source>
        <translation>上行 {live}/{total} · {kbps:.0f} kbps</translation>
    </message>
    <message>
        <source>CPU {cpu:.0f}%</source>
        <translation>CPU 占用 {cpu:.0f}%</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>录制中</translation>
    </message>
    <message>
        <source>{fps:.0f} fps</source>
        <translation>{fps:.0f} 帧/秒</translation>
    </message>
    <message>
        <source>sending {size} (weak uplink)</source>
        <translation>正在推 {size}（网络差）</translation>
    </message>
    <message>
        <source>{fps:.0f}/{target} fps · missed {missed} · dropped {dropped}</source>
        <translation>{fps:.0f}/{target} 帧/秒 · 未出帧 {missed} · 丢帧 {dropped}</translation>
    </message>
    <message>
        <source>Drawing a frame takes {render:.0f} ms of the {frame:.0f} ms it has.
Missed: frames this computer did not make in time (turn off a picture tool or choose a lower quality).
Dropped: frames the uplink could not carry.</source>
        <translation>画一帧用 {render:.0f} 毫秒（每帧只有 {frame:.0f} 毫秒）。
未出帧：这台电脑没来得及做出的帧（关掉一个画面工具，或选低一档画质）。
丢帧：上行网络带不动而丢掉的帧。</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>live</source>
        <translation>推流中</translation>
    </message>
    <message>
        <source>reconnecting {n}</source>
        <translation>重连中（第 {n} 次）</translation>
    </message>
    <message>
        <source>failed: {why}</source>
        <translation>失败：{why}</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>HostPanel</name>
    <message>
        <source>No product yet</source>
        <translation>还没有开始讲解商品</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Comments from: {names}</source>
        <translation>评论来自：{names}</translation>
    </message>
    <message>
        <source>Show on stream</source>
        <translation>评论上屏</translation>
    </message>
    <message>
        <source>Show the selected comment on stream</source>
        <translation>把选中的评论上屏</translation>
    </message>
    <message>
        <source>Spec: {spec}</source>
        <translation>规格：{spec}</translation>
    </message>
    <message>
        <source>(no selling points in the sheet)</source>
        <translation>（商品表里没有卖点）</translation>
    </message>
    <message>
        <source>Pick a comment first</source>
        <translation>先选一条评论</translation>
    </message>
    <message>
        <source>Link up!</source>
        <translation>上链接！</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <source>Import report</source>
        <translation>导入报告</translation>
    </message>
    <message>
        <source>{name}: {products} imported, {skipped}</source>
        <translation>{name}：导入 {products}，{skipped}</translation>
    </message>
    <message>
        <source>Sheet row</source>
        <translation>表格行</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Merchant Studio</source>
        <translation>商家直播工作台</translation>
    </message>
    <message>
        <source>REHEARSAL — nothing you do here is public</source>
        <translation>彩排中 —— 观众看不到，放心练</translation>
    </message>
    <message>
        <source>Press “Start rehearsal” to see the stream here</source>
        <translation>点「开始彩排」，画面会显示在这里</translation>
    </message>
    <message>
        <source>Rehearsal (not public)</source>
        <translation>彩排模式（不公开）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Teleprompter and comments</source>
        <translation>提词器与评论</translation>
    </message>
    <message>
        <source>Test pattern</source>
        <translation>测试画面</translation>
    </message>
    <message>
        <source>Also push to my destinations</source>
        <translation>同时推送到我的推流地址</translation>
    </message>
    <message>
        <source>Push the rehearsal to my destinations too: for a test server or a private test room</source>
        <translation>彩排也推到我的推流地址：用于测试服务器或私密测试直播间</translation>
    </message>
    <message>
        <source>Test tone</source>
        <translation>测试音</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Check this computer with my tools…</source>
        <translation>检查这台电脑（开着我的工具）…</translation>
    </message>
    <message>
        <source>Check this computer before a new quality or new tools go out</source>
        <translation>开播前检查这台电脑（换了画质或工具时）</translation>
    </message>
    <message>
        <source>A few seconds of a test picture with the tools you have on, drawn and encoded before the stream starts: the quality is lowered if this computer would drop frames. Measured once for each quality and set of tools.</source>
        <translation>开播前用测试画面、开着你的工具画几秒、编码几秒：这台电脑会掉帧就先降低画质。每种画质和工具组合只测一次。</translation>
    </message>
    <message>
        <source>Lower the resolution on a weak uplink</source>
        <translation>网络差时自动降低分辨率</translation>
    </message>
    <message>
        <source>When the uplink stays too thin for the picture size, send a smaller picture (1080p → 720p → 480p, the overlays scaled with it) and go back up once it recovers. Turn it off for a platform whose player cannot follow a size change.</source>
        <translation>上行网速一直带不动当前画面大小时，改推小一档的画面（1080p → 720p → 480p，贴片跟着缩放），网络恢复后再调回来。如果某个平台的播放器跟不上画面大小的变化，请关掉它。</translation>
    </message>
    <message>
        <source>Portrait 9:16</source>
        <translation>竖屏 9:16</translation>
    </message>
    <message>
        <source>Landscape 16:9</source>
        <translation>横屏 16:9</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>画质</translation>
    </message>
    <message>
        <source>Canvas</source>
        <translation>画面方向</translation>
    </message>
    <message>
        <source>Streaming</source>
        <translation>推流</translation>
    </message>
    <message>
        <source>Push destinations…</source>
        <translation>推流设置…</translation>
    </message>
    <message>
        <source>Link-up settings…</source>
        <translation>上链接设置…</translation>
    </message>
    <message>
        <source>Test the uplink…</source>
        <translation>测上行网速…</translation>
    </message>
    <message>
        <source>Measure the viewers&apos; delay…</source>
        <translation>测量观众延迟…</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Restore the default layout</source>
        <translation>恢复默认布局</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>Open the log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>About Merchant Studio</source>
        <translation>关于商家直播工作台</translation>
    </message>
    <message>
        <source>Switching camera…</source>
        <translation>正在切换摄像头…</translation>
    </message>
    <message>
        <source>Camera switched</source>
        <translation>摄像头已切换</translation>
    </message>
    <message>
        <source>Scenes switch once you are live or rehearsing</source>
        <translation>开播或彩排后才能切换场景</translation>
    </message>
    <message>
        <source>Start rehearsal</source>
        <translation>开始彩排</translation>
    </message>
    <message>
        <source>Go live</source>
        <translation>开始直播</translation>
    </message>
    <message>
        <source>Press “Go live” to see the stream here</source>
        <translation>按「开始直播」后，这里显示直播画面</translation>
    </message>
    <message>
        <source>Live link-ups: {platform}</source>
        <translation>直播时上链接：{platform}</translation>
    </message>
    <message>
        <source>Where the product links go up when live; click to change (Link-up settings)</source>
        <translation>直播时商品链接在哪里上架；点一下可以更改（上链接设置）</translation>
    </message>
    <message>
        <source>Link-up settings saved.</source>
        <translation>上链接设置已保存。</translation>
    </message>
    <message>
        <source>Stopping the stream, then quitting…</source>
        <translation>正在停止推流，停好就退出…</translation>
    </message>
    <message>
        <source>The stream is slow to stop: the studio quits as soon as it has stopped (the recording and the report are kept).</source>
        <translation>推流停得比较慢：停好后工作台马上退出（录像和报告都会保存）。</translation>
    </message>
    <message>
        <source>Picture and sound</source>
        <translation>画面与声音</translation>
    </message>
    <message>
        <source>Rehearsing</source>
        <translation>彩排中</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <source>REHEARSAL — also pushed to: {names} (viewers may see it)</source>
        <translation>彩排中 —— 也推送到：{names}（观众可能看得到）</translation>
    </message>
    <message>
        <source>Stop the rehearsal?</source>
        <translation>结束彩排吗？</translation>
    </message>
    <message>
        <source>Stop the live stream? Viewers will see the stream end.</source>
        <translation>结束直播吗？观众会看到直播结束。</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在结束…</translation>
    </message>
    <message>
        <source>Stopping failed: {what}</source>
        <translation>结束时出错：{what}</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Stop the stream and quit?</source>
        <translation>结束推流并退出吗？</translation>
    </message>
</context>
<context>
    <name>PlatformQuestion</name>
    <message>
        <source>Where do the product links go up?</source>
        <translation>直播时商品链接上到哪里？</translation>
    </message>
    <message>
        <source>Before your first live show: on which platform do your products go up for sale at 0? You are asked once; change it any time on the line “Live link-ups” under the picture.</source>
        <translation>第一次正式直播前请选一次：倒计时到 0 时，商品在哪个平台上架开卖？只问这一次；以后随时可以点画面下方的「直播时上链接」一行来改。</translation>
    </message>
    <message>
        <source>Your push address looks like {platform}&apos;s, so it is ticked: check it before you go live.</source>
        <translation>你的推流地址看起来是{platform}的，所以先帮你勾上了：开播前请确认一下。</translation>
    </message>
    <message>
        <source>Next…</source>
        <translation>下一步…</translation>
    </message>
    <message>
        <source>Go live</source>
        <translation>开始直播</translation>
    </message>
</context>
<context>
    <name>ProductPanel</name>
    <message>
        <source>Import products…</source>
        <translation>导入商品表…</translation>
    </message>
    <message>
        <source>Drop a product sheet (.xlsx or .csv) here</source>
        <translation>把商品表（.xlsx 或 .csv）拖到这里</translation>
    </message>
    <message>
        <source>Skipped rows…</source>
        <translation>跳过的行…</translation>
    </message>
    <message>
        <source>{n} product</source>
        <translation>{n} 个商品</translation>
    </message>
    <message>
        <source>{n} products</source>
        <translation>{n} 个商品</translation>
    </message>
    <message>
        <source>{n} row skipped</source>
        <translation>跳过 {n} 行</translation>
    </message>
    <message>
        <source>{n} rows skipped</source>
        <translation>跳过 {n} 行</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限购</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Prices and stock can be changed once the rehearsal or show has started</source>
        <translation>彩排或开播后才能改价格和库存（现在显示的是表格里的）</translation>
    </message>
    <message>
        <source>Live price</source>
        <translation>直播价</translation>
    </message>
    <message>
        <source>Stock released</source>
        <translation>放库存</translation>
    </message>
    <message>
        <source>Limit per buyer</source>
        <translation>每人限购</translation>
    </message>
    <message>
        <source>3-2-1 Link up!  (F9)</source>
        <translation>3-2-1 上链接！（F9）</translation>
    </message>
    <message>
        <source>Next product</source>
        <translation>下一个商品</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Take down</source>
        <translation>下架</translation>
    </message>
    <message>
        <source>Add stock</source>
        <translation>补库存</translation>
    </message>
    <message>
        <source>Reopen {name}</source>
        <translation>重新打开 {name}</translation>
    </message>
    <message>
        <source>Carrying on “{title}”: its products, sales and link-ups are back. Press “Start rehearsal” to go on with it.</source>
        <translation>接着上次的「{title}」：商品、销量和链接都回来了。按「开始彩排」接着彩排。</translation>
    </message>
    <message>
        <source>Carrying on the live show “{title}”: its products, sales and link-ups are back. It goes on air when you untick “Rehearsal (not public)” and press “Go live”.</source>
        <translation>接着上次的直播「{title}」：商品、销量和链接都回来了。取消勾选「彩排模式（不公开）」再按「开始直播」，才会重新上播。</translation>
    </message>
    <message>
        <source>“{title}” goes on where it stopped</source>
        <translation>「{title}」从中断的地方接着进行</translation>
    </message>
    <message>
        <source>{name}: {products}, {skipped}</source>
        <translation>{name}：{products}，{skipped}</translation>
    </message>
    <message>
        <source>{name} read again, in the order you left it: {products}, {skipped}</source>
        <translation>已重新读取 {name}，按你上次排好的顺序：{products}，{skipped}</translation>
    </message>
    <message>
        <source>Import products</source>
        <translation>导入商品表</translation>
    </message>
    <message>
        <source>Product sheets (*.xlsx *.xls *.csv *.xlsm *.txt)</source>
        <translation>商品表 (*.xlsx *.xls *.csv *.xlsm *.txt)</translation>
    </message>
    <message>
        <source>“{title}” stays unfinished in the journal: it is offered again at the next start (Streaming › Unfinished show…)</source>
        <translation>「{title}」仍作为未结束的直播保留在记录里：下次启动时会再问你（也可以在「推流 › 未结束的直播…」里处理）</translation>
    </message>
    <message>
        <source>The sheet could not be read ({what}); save it again from Excel or WPS and import it</source>
        <translation>商品表读不出来（{what}）：请用 Excel 或 WPS 重新保存一遍再导入</translation>
    </message>
    <message>
        <source>explaining {m}:{s:02d}</source>
        <translation>讲解中 {m}:{s:02d}</translation>
    </message>
    <message>
        <source>in the console</source>
        <translation>交给主播上架</translation>
    </message>
    <message>
        <source>on sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已讲完</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>from sheet</source>
        <translation>按表格</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>{orders} orders, {units} sold</source>
        <translation>{orders} 单，{units} 件</translation>
    </message>
    <message>
        <source>stock {stock}</source>
        <translation>库存 {stock}</translation>
    </message>
    <message>
        <source>Drag a product, or press Ctrl+↑ / Ctrl+↓, to change the order</source>
        <translation>拖动商品，或按 Ctrl+↑ / Ctrl+↓，可以调整顺序（右键也可以）</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Move to the top</source>
        <translation>移到最前</translation>
    </message>
    <message>
        <source>Start a rehearsal or go live first</source>
        <translation>先开始彩排或直播</translation>
    </message>
    <message>
        <source>Something went wrong: {what}</source>
        <translation>出了点问题：{what}</translation>
    </message>
    <message>
        <source>Waiting for the stream…</source>
        <translation>等待推流恢复…</translation>
    </message>
    <message>
        <source>Link up!</source>
        <translation>上链接！</translation>
    </message>
    <message>
        <source>Click 讲解 in the console (the studio cannot confirm)</source>
        <translation>请在中控台点「讲解」（工作台无法确认）</translation>
    </message>
    <message>
        <source>Listed ✓</source>
        <translation>已上架 ✓</translation>
    </message>
    <message>
        <source>Not listed!</source>
        <translation>没有上架！</translation>
    </message>
    <message>
        <source>Take the product off sale now?</source>
        <translation>现在把这个商品下架吗？</translation>
    </message>
</context>
<context>
    <name>ProductionPanel</name>
    <message>
        <source>Nothing is lowered: when the PC falls behind, the picture stutters.</source>
        <translation>什么都不降：电脑忙不过来时，观众看到的画面会卡顿、掉帧。</translation>
    </message>
    <message>
        <source>the cutout&apos;s edge follows quick moves a little later</source>
        <translation>人动得快时抠像边缘稍慢跟上</translation>
    </message>
    <message>
        <source>the picture gets a little softer</source>
        <translation>画面稍糊一点</translation>
    </message>
    <message>
        <source>the picture sent gets smaller (less sharp on big screens)</source>
        <translation>推出去的画面变小（大屏上看不那么清楚）</translation>
    </message>
    <message>
        <source>Viewers see, in turn: first {first}; then {then}; last {last}.</source>
        <translation>观众依次会看到：先是{first}；再是{then}；最后{last}。</translation>
    </message>
    <message>
        <source>Key colour</source>
        <translation>抠像颜色</translation>
    </message>
    <message>
        <source>None (the room, blurred)</source>
        <translation>无（用虚化的房间）</translation>
    </message>
    <message>
        <source>None (choose one to replace the screen)</source>
        <translation>无（选一张来替换幕布）</translation>
    </message>
    <message>
        <source>Choose the close-up video or picture</source>
        <translation>选择特写用的视频或图片</translation>
    </message>
    <message>
        <source>Choose a close-up source below first</source>
        <translation>先在下面选好特写画面</translation>
    </message>
    <message>
        <source>Choose a product video below first</source>
        <translation>先在下面选好商品视频</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>Noise suppression</source>
        <translation>麦克风降噪</translation>
    </message>
    <message>
        <source>Takes fans, crowds and compressors out of your voice; adds 31 ms.</source>
        <translation>去掉风扇、人声嘈杂、压缩机等噪音；声音多 31 毫秒延迟。</translation>
    </message>
    <message>
        <source>Beauty</source>
        <translation>美颜</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>磨皮美白</translation>
    </message>
    <message>
        <source>Look</source>
        <translation>色调</translation>
    </message>
    <message>
        <source>Natural</source>
        <translation>自然</translation>
    </message>
    <message>
        <source>Warm</source>
        <translation>暖色</translation>
    </message>
    <message>
        <source>Fresh</source>
        <translation>清新</translation>
    </message>
    <message>
        <source>Cut out and new background</source>
        <translation>抠像与换背景</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Smart cutout (no green screen)</source>
        <translation>智能抠像（不用绿幕）</translation>
    </message>
    <message>
        <source>Green screen</source>
        <translation>绿幕抠像</translation>
    </message>
    <message>
        <source>Blue screen</source>
        <translation>蓝幕抠像</translation>
    </message>
    <message>
        <source>A screen of another colour…</source>
        <translation>其他颜色的幕布…</translation>
    </message>
    <message>
        <source>Smart cutout finds you in the picture by itself; a green or blue screen behind you gives the cleanest edge.</source>
        <translation>智能抠像自动从画面里认出人；身后挂绿幕或蓝幕，边缘最干净。</translation>
    </message>
    <message>
        <source>Background</source>
        <translation>背景</translation>
    </message>
    <message>
        <source>Blur the room instead</source>
        <translation>改为虚化原来的背景</translation>
    </message>
    <message>
        <source>Close-up and product video</source>
        <translation>特写与商品视频</translation>
    </message>
    <message>
        <source>Close-up</source>
        <translation>特写画面</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>A video or picture…</source>
        <translation>视频或图片…</translation>
    </message>
    <message>
        <source>Corner</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Bottom right</source>
        <translation>右下</translation>
    </message>
    <message>
        <source>Bottom left</source>
        <translation>左下</translation>
    </message>
    <message>
        <source>Top right</source>
        <translation>右上</translation>
    </message>
    <message>
        <source>Top left</source>
        <translation>左上</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>When the PC falls behind</source>
        <translation>电脑忙时先降</translation>
    </message>
    <message>
        <source>Cutout, sharpness, size</source>
        <translation>抠像、清晰度、画面大小</translation>
    </message>
    <message>
        <source>Sharpness, cutout, size</source>
        <translation>清晰度、抠像、画面大小</translation>
    </message>
    <message>
        <source>Size, sharpness, cutout</source>
        <translation>画面大小、清晰度、抠像</translation>
    </message>
    <message>
        <source>Before frames are lost, the studio lowers these one step at a time, in this order, says so, and steps back up when there is room.</source>
        <translation>掉帧之前，工作台按这个顺序一次降一档，并告诉你；电脑空出来后再逐步恢复。</translation>
    </message>
    <message>
        <source>Nothing (frames drop)</source>
        <translation>都不降（会掉帧）</translation>
    </message>
    <message>
        <source>Product video</source>
        <translation>商品视频</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Choose the background picture or video</source>
        <translation>选择背景图片或视频</translation>
    </message>
    <message>
        <source>Choose the product video</source>
        <translation>选择商品视频</translation>
    </message>
    <message>
        <source>Scenes: F1-F4 switch them while live</source>
        <translation>场景：开播后按 F1-F4 切换</translation>
    </message>
    <message>
        <source>Host</source>
        <comment>scene</comment>
        <translation>主播全屏</translation>
    </message>
    <message>
        <source>Close-up</source>
        <comment>scene</comment>
        <translation>主播+特写</translation>
    </message>
    <message>
        <source>Product</source>
        <comment>scene</comment>
        <translation>商品视频</translation>
    </message>
    <message>
        <source>Be back</source>
        <comment>scene</comment>
        <translation>稍后回来</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>Quality</name>
    <message>
        <source>Smooth 480p</source>
        <translation>流畅 480p</translation>
    </message>
    <message>
        <source>Standard 720p</source>
        <translation>标清 720p</translation>
    </message>
    <message>
        <source>HD 1080p</source>
        <translation>高清 1080p</translation>
    </message>
</context>
<context>
    <name>RecoverDialog</name>
    <message>
        <source>The last show did not end</source>
        <translation>上次的直播没有正常结束</translation>
    </message>
    <message>
        <source>rehearsal</source>
        <translation>彩排</translation>
    </message>
    <message>
        <source>live show</source>
        <translation>直播</translation>
    </message>
    <message>
        <source>The {kind} “{title}” did not end</source>
        <translation>{kind}「{title}」没有正常结束</translation>
    </message>
    <message>
        <source>“{title}” did not end</source>
        <translation>「{title}」没有正常结束</translation>
    </message>
    <message>
        <source>It started at {when} and was still running when the studio stopped unexpectedly. The journal kept {products} products, {links} link-ups and {orders} orders ({units} sold).</source>
        <translation>它从 {when} 开始，工作台意外退出时还在进行。记录里保存着 {products} 个商品、{links} 次上链接、{orders} 笔订单（卖出 {units} 件）。</translation>
    </message>
    <message>
        <source>“{name}” was being linked up at that moment: its platform takes a repeat as one, so it is sent again when the show goes on.</source>
        <translation>那时「{name}」正在上链接：这个平台把重复的上链接当作一次，继续后会再发一次。</translation>
    </message>
    <message>
        <source>“{name}” was being linked up at that moment, and the platform may have listed it: if you carry on, you decide whether it goes up again.</source>
        <translation>那时「{name}」正在上链接，平台可能已经上架了：如果继续，由你决定要不要再上一次。</translation>
    </message>
    <message>
        <source>Start rehearsal</source>
        <translation>开始彩排</translation>
    </message>
    <message>
        <source>Go live</source>
        <translation>开始直播</translation>
    </message>
    <message>
        <source>Carry on: its products, sales and link-ups come back, and it goes on when you press “{start}”. End it: it is closed in the journal and its report is made. Nothing recorded is lost either way.</source>
        <translation>继续：商品、销量和链接都回来，按「{start}」后接着进行。结束：在记录里结束它，并生成它的报告。无论选哪个，已经记下的都不会丢。</translation>
    </message>
    <message>
        <source>Carry on with this show</source>
        <translation>继续这场直播</translation>
    </message>
    <message>
        <source>End it</source>
        <translation>结束它</translation>
    </message>
    <message>
        <source>Decide later</source>
        <translation>以后再说</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>Unfinished show…</source>
        <translation>未结束的直播…</translation>
    </message>
    <message>
        <source>Stop the stream first: an unfinished show is looked at then</source>
        <translation>请先停止推流，再处理未结束的直播</translation>
    </message>
    <message>
        <source>No show was left unfinished.</source>
        <translation>没有未结束的直播。</translation>
    </message>
    <message>
        <source>“{title}” stays unfinished, with everything it recorded: Streaming › Unfinished show… when you decide.</source>
        <translation>「{title}」先保留为未结束，记下的内容都在：想好了就到「推流 › 未结束的直播…」里处理。</translation>
    </message>
    <message>
        <source>Ending “{title}”…</source>
        <translation>正在结束「{title}」…</translation>
    </message>
    <message>
        <source>“{title}” is ended; its report is under the picture.</source>
        <translation>「{title}」已结束，报告在画面下方。</translation>
    </message>
</context>
<context>
    <name>RepeatQuestion</name>
    <message>
        <source>Link it up again?</source>
        <translation>再上一次链接？</translation>
    </message>
    <message>
        <source>The studio stopped unexpectedly while “{name}” was being linked up; the platform may have listed it already.</source>
        <translation>「{name}」上链接时工作台意外退出，平台可能已经上架了。</translation>
    </message>
    <message>
        <source>This platform lists a link-up sent again a second time for the viewers.</source>
        <translation>在这个平台上再上一次，观众可能会看到它上架两次。</translation>
    </message>
    <message>
        <source>Link it up again</source>
        <translation>再上一次</translation>
    </message>
    <message>
        <source>Don&apos;t (I&apos;ll look in the platform&apos;s console)</source>
        <translation>不再上（我去平台中控台看看）</translation>
    </message>
</context>
<context>
    <name>ReportPanel</name>
    <message>
        <source>Open report</source>
        <translation>打开报告</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the whole path</source>
        <translation>复制完整路径</translation>
    </message>
    <message>
        <source>No file manager to open it with; the report is in {path}</source>
        <translation>没有可以打开它的文件管理器；报告在 {path}</translation>
    </message>
    <message>
        <source>Report saved: {path}</source>
        <translation>报告已保存：{path}</translation>
    </message>
    <message>
        <source>No file manager to open it with; the clips are in {path}</source>
        <translation>没有可以打开它的文件管理器；片段在 {path}</translation>
    </message>
    <message>
        <source>Product clips saved: {path}</source>
        <translation>商品短视频已保存：{path}</translation>
    </message>
    <message>
        <source>Cutting product clips…</source>
        <translation>正在剪商品片段…</translation>
    </message>
    <message>
        <source>Product clips ({n})</source>
        <translation>商品片段（{n} 个）</translation>
    </message>
    <message>
        <source>A short portrait video of every product explained, to post</source>
        <translation>每个讲解过的商品剪成一段竖屏短视频，可直接发布</translation>
    </message>
</context>
<context>
    <name>ReportWindow</name>
    <message>
        <source>Open in the browser</source>
        <translation>在浏览器中打开</translation>
    </message>
    <message>
        <source>The report could not be read: {path}</source>
        <translation>报告读不出来：{path}</translation>
    </message>
    <message>
        <source>Show report</source>
        <translation>直播报告</translation>
    </message>
    <message>
        <source>No browser to open it with; the page is {path}</source>
        <translation>没有可以打开它的浏览器；报告页面在 {path}</translation>
    </message>
</context>
<context>
    <name>ShowSettingsDialog</name>
    <message>
        <source>Link-up settings</source>
        <translation>上链接设置</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Put the link up when viewers&apos; screens reach 0 (their picture is late)</source>
        <translation>等观众屏幕上数到 0 再上链接（观众看到的画面有延迟）</translation>
    </message>
    <message>
        <source>Log in to this console (scan its QR code)…</source>
        <translation>登录这个中控台（扫码）…</translation>
    </message>
    <message>
        <source>token (kept in the system keyring)</source>
        <translation>令牌（保存在系统钥匙串）</translation>
    </message>
    <message>
        <source>Also stream to this room (its push address is fetched at each go-live)</source>
        <translation>也推流到这个直播间（每次开播时自动获取推流地址）</translation>
    </message>
    <message>
        <source>Comments from Bilibili or YouTube</source>
        <translation>哔哩哔哩或 YouTube 的评论</translation>
    </message>
    <message>
        <source>Show Bilibili comments (open live platform)</source>
        <translation>显示哔哩哔哩评论（直播开放平台）</translation>
    </message>
    <message>
        <source>身份码 from 直播中心 › 我的直播间 (kept in the keyring)</source>
        <translation>身份码：直播中心 › 我的直播间（存入系统钥匙串）</translation>
    </message>
    <message>
        <source>Countdown</source>
        <translation>倒计时</translation>
    </message>
    <message>
        <source>Viewers see the picture late by</source>
        <translation>观众画面晚到</translation>
    </message>
    <message>
        <source>Words on stream</source>
        <translation>画面上的文字</translation>
    </message>
    <message>
        <source>Link-ups go to</source>
        <translation>上链接发到</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>Room number</source>
        <translation>直播间号</translation>
    </message>
    <message>
        <source>Mini-program AppID</source>
        <translation>小程序 AppID</translation>
    </message>
    <message>
        <source>AppSecret</source>
        <translation>AppSecret</translation>
    </message>
    <message>
        <source>Bilibili identity code</source>
        <translation>哔哩哔哩身份码</translation>
    </message>
    <message>
        <source>YouTube live video ID</source>
        <translation>YouTube 直播视频 ID</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>读取中…</translation>
    </message>
    <message>
        <source>Fill in what this platform needs, then Save: the stream starts then.</source>
        <translation>填好这个平台需要的内容后点「保存」，随后开始直播。</translation>
    </message>
    <message>
        <source>The system keyring could not be read: {why}</source>
        <translation>读不了系统钥匙串：{why}</translation>
    </message>
    <message>
        <source>kept in the system keyring (type to replace)</source>
        <translation>已存入系统钥匙串（输入新的可替换）</translation>
    </message>
    <message>
        <source>from mp.weixin.qq.com › Development settings (kept in the keyring)</source>
        <translation>在 mp.weixin.qq.com › 开发设置 里查看（存入系统钥匙串）</translation>
    </message>
    <message>
        <source>Scan the QR code in the browser window that opened, with the platform&apos;s app.</source>
        <translation>请用平台的 App 扫描刚打开的浏览器窗口里的二维码。</translation>
    </message>
    <message>
        <source>Logged in: the studio clicks in this console from now on.</source>
        <translation>已登录：之后由工作台在这个中控台里点击。</translation>
    </message>
    <message>
        <source>Not logged in: the browser window was closed or the wait ran out.</source>
        <translation>没有登录：浏览器窗口被关掉了，或等待超时。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>保存中…</translation>
    </message>
    <message>
        <source>The server address starts with http:// or https://</source>
        <translation>服务器地址要以 http:// 或 https:// 开头</translation>
    </message>
    <message>
        <source>The YouTube video ID is the part after watch?v= in its address</source>
        <translation>YouTube 视频 ID 是地址里 watch?v= 后面那一段</translation>
    </message>
    <message>
        <source>The room number is a number, e.g. 6474</source>
        <translation>直播间号是数字，例如 6474</translation>
    </message>
    <message>
        <source>Enter the mini-program&apos;s AppID and AppSecret (mp.weixin.qq.com › Development › Development settings)</source>
        <translation>请填写小程序的 AppID 和 AppSecret（mp.weixin.qq.com › 开发 › 开发管理 › 开发设置）</translation>
    </message>
    <message>
        <source>The AppID is letters and digits, starting with wx</source>
        <translation>AppID 由字母和数字组成，以 wx 开头</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Not saved: {why}</source>
        <translation>没有保存：{why}</translation>
    </message>
</context>
<context>
    <name>Sound</name>
    <message>
        <source>Sent to viewers: —</source>
        <translation>送给观众：—</translation>
    </message>
    <message>
        <source>Sent to viewers: sound ✓</source>
        <translation>送给观众：有声音 ✓</translation>
    </message>
    <message>
        <source>Sent to viewers: silence</source>
        <translation>送给观众：无声</translation>
    </message>
    <message>
        <source>Sent to viewers: silence — noise suppression takes out a steady sound; speak to check</source>
        <translation>送给观众：无声——降噪会去掉持续不变的声音，说句话试试</translation>
    </message>
    <message>
        <source>Sent to viewers: muted</source>
        <translation>送给观众：已静音</translation>
    </message>
</context>
<context>
    <name>ViewerDelay</name>
    <message>
        <source>Start the stream first: the delay is read from its picture.</source>
        <translation>请先开始推流：延迟是从推出去的画面里读出来的。</translation>
    </message>
    <message>
        <source>Measure the viewers&apos; delay</source>
        <translation>测量观众延迟</translation>
    </message>
    <message>
        <source>While the stream is on, paste its playback URL as viewers get it (the platform&apos;s or CDN&apos;s RTMP, HTTP-FLV or .m3u8 address). The studio plays it for about 10 s and reads the time in the picture.</source>
        <translation>开播后，粘贴观众看的播放地址（平台或 CDN 给的 RTMP、HTTP-FLV 或 .m3u8 地址）。工作台会播放约 10 秒，读出画面里的时间。</translation>
    </message>
    <message>
        <source>Measuring the viewers&apos; delay… (about 10 s)</source>
        <translation>正在测量观众延迟……（约 10 秒）</translation>
    </message>
    <message>
        <source>Viewers see the picture {delay} s late ({kind}); link-ups synced to viewers now use it.</source>
        <translation>观众画面比这里晚 {delay} 秒（{kind}）；对齐观众画面的上链接已改用这个延迟。</translation>
    </message>
</context>
<context>
    <name>devices</name>
    <message>
        <source>Screen {n} ({size})</source>
        <translation>屏幕 {n}（{size}）</translation>
    </message>
</context>
</TS>
