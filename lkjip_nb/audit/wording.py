"""How the audit's sentences name the agency's printed report and its tables: one wording
everywhere (e.g. "Tabel 3.6 laporan tercetak" for a table printed as 3.6), so that nobody reads
a printed table number as the number a generated document gives its own table.

A sentence may also name a table that a document shows (the belanja by type, the program
tree): :func:`mention` writes it with the printed number where the profile gives one
(``tables: {belanja: {reported_in: "3.6"}}``) and records a :class:`Mention`, so that the
document can write its own reference instead (:func:`lkjip_nb.chapters.audit.note`).
"""

from __future__ import annotations

from lkjip_nb.audit.finding import Mention

#: The agency's printed report, as every sentence names it.
PRINTED_REPORT = "laporan tercetak"


def printed_table(number: str) -> str:
    """A table of the printed report by its printed number: 'Tabel 3.6 laporan tercetak'."""
    return f"Tabel {number} {PRINTED_REPORT}"


def names_printed(words: str) -> bool:
    """Whether ``words`` end by naming the printed report ('... pada Tabel 3.6 laporan
    tercetak')."""
    return words.rstrip().endswith(PRINTED_REPORT)


def printed_verb(subject: str) -> str:
    """The verb after a printed figure's subject: 'tercetak', or 'tertulis' when the subject
    names its place in the printed report already (no 'laporan tercetak tercetak')."""
    return "tertulis" if names_printed(subject) else "tercetak"


def printed_at(where: str) -> str:
    """'pada Tabel 3.6 laporan tercetak'; 'tercetak pada tabel pemilu' for a place whose words
    do not name the printed report."""
    return f"pada {where}" if names_printed(where) else f"tercetak pada {where}"


def mention(words: str, key: str, number: str | None, *, aside: bool) -> tuple[str, Mention]:
    """A table named in a sentence, and its :class:`Mention`.

    ``words`` say what the table holds ('belanja per jenis'); ``number`` is the printed
    report's number of table ``key`` (None: the sentence names no number). With ``aside`` the
    words stay and a document shows its reference after them ('belanja per jenis (Tabel
    3.15)'); without, the reference replaces the words ('pada Tabel 3.15')."""
    text = f"{words} ({printed_table(number)})" if number else words
    return text, Mention(text, key, words if aside else "")
