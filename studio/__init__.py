"""Merchant Studio (商家直播工作台): a broadcasting studio for live-stream commerce."""

from importlib.metadata import PackageNotFoundError, version

APP_NAME_ZH = "商家直播工作台"
APP_NAME_EN = "Merchant Studio"

try:  # one version, pyproject.toml's: installed with the package (and copied into the build)
    __version__ = version("merchant-studio")
except PackageNotFoundError:  # a bare source tree on sys.path, never installed
    __version__ = "0+unknown"
