"""The merchant's own live console (直播中控台), driven in a browser the studio starts.

Douyin (抖店, 巨量百应), Kuaishou, Taobao Live and WeChat Channels publish no API to pin a
product or read a room's comments for a shop's own tool; their web consoles do it. This
package drives them as the host would, and is pure asyncio (no Qt, no app imports):

- `cdp.py`: a thin Chrome DevTools Protocol client over `websockets` (bounded waits, sizes);
- `browser.py`: find a Chromium-family browser on the PC, start it with a studio-owned
  profile, stop it by its own process group;
- `page.py`: one tab: navigate, evaluate, a person's click at an element's centre, bindings;
- `descriptions.py`: each console described as data (resources/consoles/*.json), each fact with its
  source; a newer description dropped in the data folder wins;
- `driver.py`: the console read (login, live, goods), 讲解 clicked and confirmed, comments
  observed in the page;
- `adapter.py`: `ConsoleLive`, the show's platform adapter (`console:douyin` …).
"""
