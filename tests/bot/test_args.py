"""Command arguments are read before any store call."""

from __future__ import annotations

import pytest

from bot.handlers.args import document_ref, joined, language, topic_named
from summaries import load_taxonomy

TAXONOMY = load_taxonomy()


def test_joined_returns_the_words_after_the_command_when_given_as_a_list():
    assert joined(["القوات", "الأمريكية"]) == "القوات الأمريكية"
    assert joined(None) == "" and joined([]) == ""


@pytest.mark.parametrize("ref", ["3", "004_405acefe6dd64b5e.txt", "004_405acefe6dd64b5e"])
def test_document_ref_keeps_ids_and_file_names(ref):
    assert document_ref(ref) == ref


@pytest.mark.parametrize("ref", ["", "99999999999999999999", "x" * 201])
def test_document_ref_refuses_what_cannot_name_a_document(ref):
    assert document_ref(ref) is None


@pytest.mark.parametrize(
    ("message", "topic_id"),
    [
        ("troops", "security"),
        ("الكهرباء", "economy"),
        ("داعش", "isis"),
        ("الكاظمي", None),  # a person, not a topic: a search
        ("زيارة الكاظمي إلى واشنطن في تموز", None),  # a sentence: a search
    ],
)
def test_topic_named_finds_a_topic_only_in_short_messages_that_name_one(message, topic_id):
    found = topic_named(message, TAXONOMY)
    assert (found.id if found else None) == topic_id


@pytest.mark.parametrize(
    ("word", "lang"),
    [("ar", "ar"), ("EN", "en"), ("العربية", "ar"), ("English", "en"), ("fr", None)],
)
def test_language_reads_codes_and_names_in_either_script(word, lang):
    assert language(word) == lang
