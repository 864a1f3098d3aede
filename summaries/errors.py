"""Errors raised by the summaries library.

Callers catch the base class they can act on::

    MujazError
    ├── RejectedFile          a file cannot become a briefing; .reason says why
    │   ├── UnsupportedFormat
    │   ├── FileTooLarge
    │   ├── EmptyFile
    │   ├── BinaryContent
    │   ├── UndecodableText
    │   └── NoArabicText
    ├── StoreError
    │   ├── SchemaTooNew      the database was written by a newer Mujaz
    │   └── StoreUnavailable  the database cannot be opened or reached, or went away mid-run
    ├── UnknownDocument       no document with that id or file name
    ├── UnknownTopic          no topic matches the query
    └── ConfigError           a setting or data file has a bad value
        ├── BadStoreTarget    MUJAZ_DB is neither a SQLite path nor a postgresql:// URL
        ├── UnknownDigester   no digester registered under that name
        └── TranslationModelError  a translation model or package is missing, broken or not ar→en
"""


class MujazError(Exception):
    """Base class of every error the library raises on purpose."""


class RejectedFile(MujazError):
    """A file that cannot be turned into a briefing, with a reason a person can act on."""

    @property
    def reason(self) -> str:
        return str(self)


class UnsupportedFormat(RejectedFile):
    pass


class FileTooLarge(RejectedFile):
    pass


class EmptyFile(RejectedFile):
    pass


class BinaryContent(RejectedFile):
    pass


class UndecodableText(RejectedFile):
    pass


class NoArabicText(RejectedFile):
    pass


class StoreError(MujazError):
    pass


class SchemaTooNew(StoreError):
    pass


class StoreUnavailable(StoreError):
    """The database cannot be opened or reached, or went away; a later call may succeed."""


class UnknownDocument(MujazError):
    pass


class UnknownTopic(MujazError):
    pass


class ConfigError(MujazError):
    pass


class BadStoreTarget(ConfigError):
    pass


class UnknownDigester(ConfigError):
    pass


class TranslationModelError(ConfigError):
    pass
