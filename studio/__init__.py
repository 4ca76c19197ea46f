"""Merchant Studio (商家直播工作台): a broadcasting studio for live-stream commerce."""

__version__ = "0.1.0"
