"""Merchant Studio (商家直播工作台): a broadcasting studio for live-stream commerce."""

import os as _os
from importlib.metadata import PackageNotFoundError, version

APP_NAME_ZH = "商家直播工作台"
APP_NAME_EN = "Merchant Studio"

try:  # one version, pyproject.toml's: installed with the package (and copied into the build)
    __version__ = version("merchant-studio")
except PackageNotFoundError:  # a bare source tree on sys.path, never installed
    __version__ = "0+unknown"

# A picture from outside is bounded before it is decoded: OpenCV refuses anything over
# 40 megapixels (a 100 kB PNG can declare 10000 x 10000). OpenCV reads this when it loads,
# so it is set here, before any part of the studio imports cv2.
_os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(40_000_000))
