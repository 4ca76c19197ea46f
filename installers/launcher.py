"""The frozen app's entry point (PyInstaller runs this file as __main__).

Before the studio starts: TLS roots. A frozen Python's OpenSSL looks for the certificates
where the build machine kept them; on another system (or Windows and macOS, which keep
theirs in a store OpenSSL cannot read) that may be nowhere, and every RTMPS push and HTTPS
call would fail to verify. Where the system's default place holds none, the bundled certifi
roots are used (SSL_CERT_FILE, which both Python's ssl and httpx read); a merchant's or an
administrator's own SSL_CERT_FILE is kept.
"""

import os
import ssl
import sys


def _tls_roots() -> None:
    if os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR"):
        return
    paths = ssl.get_default_verify_paths()
    if paths.cafile and os.path.isfile(paths.cafile):
        return
    if paths.capath and os.path.isdir(paths.capath) and os.listdir(paths.capath):
        return
    try:
        import certifi
    except ImportError:
        return
    os.environ["SSL_CERT_FILE"] = certifi.where()


if __name__ == "__main__":
    _tls_roots()
    from studio.__main__ import main

    sys.exit(main())
