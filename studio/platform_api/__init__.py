"""Platform adapters: how the studio talks to a live-commerce platform.

The rest of the app uses one async interface, `PlatformAdapter` (base.py): start and end a
live session, sync products, link up, take down, set stock, and an event stream. Adapters:

- `HttpPlatform` (http.py): the open contract (openapi.yaml) over httpx, against any server;
  the built-in rehearsal platform is one such server.
- `AssistedPlatform` (assisted.py): for platforms with no public pin API (Douyin, Kuaishou,
  Taobao Live): the link-up asks the host to click in the platform's own console.
- `WeChatLive` (wechat.py): WeChat mini-program live by its documented `wxaapi/broadcast`
  API: the room's goods checked before the show, `goods/push` at zero, one call at a time.
  `WeChatApi` also fetches the room's push address (`room/getpushurl`) at go-live.
- `VolcLive` (volc.py): Volcengine enterprise live, ExplainProduct at zero, signed requests.
- `KuaishouLive` (kuaishou.py): Kuaishou's open platform, a push URL per show (not a
  link-up adapter: link-ups there are assisted).
- Comment feeds (comments.py): `BilibiliComments` (open live platform, WebSocket) and
  `YouTubeComments` (liveChatMessages), merged into a show's comment feed.

Exceptions (errors.py)::

    PlatformError                  anything the platform layer raises (a StudioError)
    ├── PlatformUnavailable        no answer: connection refused, timeouts, 5xx (after retries)
    │   ├── NotSent                the request did not leave: safe to send again
    │   └── NoAnswer               sent, but no answer came: it may have been done
    ├── PlatformRejected           the platform answered no (a 4xx); `.code` is the contract's
    │   ├── PlatformAuthError      401/403: the token is missing or wrong
    │   ├── PlatformNotFound       404: no such session or product
    │   ├── WeChatError            a non-zero errcode (`.errcode`), worded for the host
    │   │   └── WeChatAuthError    appid, secret, token or IP whitelist refused
    │   └── VolcError              Volcengine's error code (`.code`), worded with its message
    │       └── VolcAuthError      the access key or the signature was refused
    └── PlatformContractError      an answer that does not follow the contract

`.message` is a `Message` for the host (a platform's own words kept as they are, cut and
cleaned by `platform_text`) and never contains a token.
"""
