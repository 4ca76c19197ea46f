"""The studio's one error root: every error it raises carries a `Message`.

An error's words are a catalog code with parameters (`.message`), rendered only at the edge
(the CLI's output, the window's message) in the language of that edge, so the window can
render the same error again after the host switches language. The builtin a caller already
catches (`ValueError`, `RuntimeError`) stays a second base, so catching it still works.

The tree (a test keeps it true)::

    StudioError                    anything the studio raises; `.message` says it
    ├── QueueError                 core: the queue cannot do it (also a ValueError)
    ├── LinkUpError                core: a link-up step out of order or refused (RuntimeError)
    ├── CatalogFormatError         core: the file cannot be read as a catalog (ValueError)
    ├── CellError                  core: one cell the catalog cannot use (ValueError)
    ├── DestinationError           core: a push URL or key that cannot be used (ValueError)
    ├── PictureError               core: a picture tool set wrong (ValueError)
    ├── SigningError               core: a spec that cannot sign a push URL (ValueError)
    ├── ConfigError                app: the stream or show cannot start as asked (ValueError)
    ├── XlsxError                  app: not a readable workbook (ValueError)
    ├── ImageFetchError            app: a picture not found or not downloaded
    ├── BenchCancelled             app: the host skipped the encoder check
    ├── LoginCancelled             app: a console login stopped (Ctrl+C, SIGTERM, SIGHUP)
    ├── CredentialError            the keyring is missing or refused (RuntimeError)
    ├── JournalError               the journal cannot be opened or written (RuntimeError)
    ├── PlatformError              the platform layer (tree in studio/platform_api/__init__.py)
    ├── SourceError                media: a source that cannot be used (ValueError)
    ├── ScreenError                media: no such screen, or no display (ValueError)
    ├── EncoderError               media: the encoder cannot open (RuntimeError)
    ├── DeviceCheckError           media: a camera or microphone that cannot be checked
    ├── LatencyError               media: a URL that cannot be measured (RuntimeError)
    ├── UplinkError                media: the test stream could not be published
    ├── SegmenterError             media: the cutout model cannot be read (RuntimeError)
    ├── DenoiseUnavailable         media: no RNNoise library here (RuntimeError)
    ├── UnreadableRecording        media: a recording that cannot be cut (ValueError)
    ├── PictureUnreadable          media: a picture file that cannot be shown (ValueError)
    ├── MicrophoneError            media: the microphone could not be opened (RuntimeError)
    ├── RetryableError             an output's session ended; a new attempt may work
    ├── PermanentError             an output's session ended for good (wrong key, disk full)
    ├── RtmpError                  an RTMP publish session ended
    │   ├── RtmpNetworkError       the connection failed or dropped
    │   │   ├── RtmpStalled        the server stopped reading
    │   │   └── RtmpProtocolError  the server spoke something else
    │   ├── RtmpBusy               the stream name is in use
    │   └── RtmpRejected           the server refused the key or the certificate
    ├── AmfError                   an AMF0 value that cannot be read (ValueError)
    ├── CdpError                   console: the browser did not answer, or said no
    │   ├── CdpClosed              the connection to the browser is gone
    │   │   └── PageGone           the console tab was closed
    │   └── BrowserError           no browser found, started or reached
    ├── SpecError                  console: a description file that cannot be used (ValueError)
    └── ResponseTooLarge           a platform's answer past the size bound

Not on the root, by design (tests/core/test_errors.py lists them): `PlatformRuleError`, the
rehearsal platform's refusal, which is an answer on the wire (the contract's error JSON,
in the platform's own words), never raised to the host.
"""

from __future__ import annotations

from studio.core.messages import Message, plain


class StudioError(Exception):
    """Anything the studio raises for a person to read: `.message` says what happened and
    what to do, as a `Message` (plain text, such as a platform's own words, is wrapped).
    `str()` renders it in the current language, for logs and old callers."""

    message: Message

    def __init__(self, message: Message | str, *args: object) -> None:
        super().__init__(message, *args)
        self.message = message if isinstance(message, Message) else plain(message)

    def __str__(self) -> str:
        return self.message.render()
