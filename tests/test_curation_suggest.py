"""``stancegraph suggest``: segmentation, mention matching, exact quotes, already-coded passages, the YAML."""

from __future__ import annotations

import shutil
import unicodedata

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.curation.emit import suggestions_yaml
from stancegraph.graph.curation.mentions import build_gazetteer, find_mentions
from stancegraph.graph.curation.segment import split_sentences
from stancegraph.graph.curation.suggest import quote_text, suggest_statements
from stancegraph.graph.pipeline import check
from stancegraph.graph.seeds.canonical import canonical_text
from stancegraph.graph.seeds.load import load_dataset, read_dataset
from stancegraph.graph.seeds.quotes import locate_quote, normalise
from stancegraph.graph.seeds.yamlsource import parse_yaml

# A new text about the mini dataset's actors and concepts: curly quotes, en and em
# dashes, a non-breaking space, a tab, Windows line ends and a decomposed accent.
NEW_TEXT = (
    "Village clinics vote on co-ops\r\n"
    "\r\n"
    "Ann Smith told the meeting: \u201cCo-operatives keep the clinic ours \u2013 not the shareholders\u2019.\u201d\r\n"
    "Later Smith added that privatisation \u2014 \u2018in any form\u2019 \u2014 would\u00a0end local\tcontrol. "
    "Dr. Zed Quux of Northwind Analytics disagreed.\r\n"
    "The Blues said market mechanisms work. Ann Smyth agreed with the Blues.\r\n"
    "Caf\u0065\u0301 owners said nothing about it.\r\n"
)


@pytest.fixture(scope="module")
def mini(mini_seeds):
    return load_dataset(mini_seeds)


def test_sentences_are_exact_slices_of_the_nfc_text_line_by_line():
    sentences = split_sentences(NEW_TEXT)
    nfc = unicodedata.normalize("NFC", NEW_TEXT)
    assert all(nfc[s.start:s.end] == s.text for s in sentences)
    texts = [s.text for s in sentences]
    assert texts[0] == "Village clinics vote on co-ops"  # a heading is its own sentence
    # "Dr." does not end a sentence; a closing quote stays with its sentence
    assert "Dr. Zed Quux of Northwind Analytics disagreed." in texts
    assert texts[1].endswith("\u2019.\u201d")
    assert [s.line for s in sentences][:3] == [1, 3, 4]
    assert not any(s.text != s.text.strip() or "\r" in s.text for s in sentences)


def test_mentions_names_aliases_surnames_near_matches_and_new_actors(mini):
    text = "Smith spoke first. Ann Smith, of the Blues, then said Smith would back co-operatives. " \
           "The IT team said it was fine. Ann Smyth and Zed Quux left."
    mentions, unknown = find_mentions(text, build_gazetteer(mini))
    found = {(text[m.start:m.end], m.kind, m.id, m.via) for m in mentions}
    # a surname counts only after the full name was seen
    assert ("Smith", "person", "ann-smith", "surname") in found
    assert text.index("Smith") not in {m.start for m in mentions if m.via == "surname"}
    assert ("Ann Smith", "person", "ann-smith", "name") in found
    assert ("Blues", "organisation", "blue-party", "alias") in found
    # a concept label matches its singular/plural and hyphenated forms, case-insensitively
    assert ("co-operatives", "concept", "cooperatives", "label") in found
    assert ("Ann Smyth", "person", "ann-smith", "near match") in found
    assert [surface for _s, _e, surface in unknown] == ["Zed Quux"]


def test_acronym_aliases_match_with_their_case(mini):
    from dataclasses import replace

    from stancegraph.schema.models import Concept

    concepts = dict(mini.concepts, it=Concept(id="it", label="Digital services", definition="Computers.",
                                                 aliases=["IT"]))
    gazetteer = build_gazetteer(replace(mini, concepts=concepts))
    mentions, _ = find_mentions("it is IT that matters, and digital service too", gazetteer)
    assert [(m.surface, m.via) for m in mentions if m.id == "it"] == [("IT", "alias"), ("digital service", "label")]


def test_every_quote_is_the_sentence_verbatim_and_verifies_like_check(mini):
    result = suggest_statements(NEW_TEXT, mini, "herald-2020-04-01")
    assert result.suggestions
    nfc = unicodedata.normalize("NFC", NEW_TEXT)
    for s in result.suggestions:
        match = locate_quote(s.quote, NEW_TEXT)
        assert match is not None and match.start == s.sentence.start and match.end == s.sentence.end
        assert match.exact == s.sentence.text
        # only whitespace runs differ; quotes, dashes and accents are the source's characters
        assert s.quote == " ".join(s.sentence.text.split())
        assert normalise(s.quote)[0] == normalise(nfc[s.sentence.start:s.sentence.end])[0]
    quotes = {s.quote for s in result.suggestions}
    assert "Ann Smith told the meeting: \u201cCo-operatives keep the clinic ours \u2013 not the shareholders\u2019.\u201d" in quotes
    assert ("Later Smith added that privatisation \u2014 \u2018in any form\u2019 \u2014 would end local control."
            in quotes)


def test_guesses_and_reasons(mini):
    result = suggest_statements(NEW_TEXT, mini, "herald-2020-04-01")
    by_quote = {s.quote: s for s in result.suggestions}
    coops = next(s for q, s in by_quote.items() if q.startswith("Ann Smith told"))
    assert (coops.speaker, coops.organisation, coops.concept, coops.attribution) == (
        "ann-smith", "village-health-coop", "cooperatives", "direct")
    later = next(s for q, s in by_quote.items() if q.startswith("Later Smith"))
    assert (later.speaker, later.concept) == ("ann-smith", "privatisation")
    assert any("surname" in reason for reason in later.reasons)
    blues = next(s for q, s in by_quote.items() if q.startswith("The Blues said"))
    assert (blues.organisation, blues.concept) == ("blue-party", "markets")
    assert ("Zed Quux", 4) in result.new_actors and ("Northwind Analytics", 4) in result.new_actors
    assert not any(q.startswith("Caf") for q in by_quote)  # no concept: not suggested


def test_already_coded_passages_are_not_suggested_again(mini, mini_corpus):
    text = (mini_corpus / "herald-2020-03-01.txt").read_text(encoding="utf-8")
    coded = [s.quote for s in mini.statements.values()]
    fresh = suggest_statements(text, mini, "herald-2020-03-01")
    again = suggest_statements(text, mini, "herald-2020-03-01", coded)
    spans = [(m.start, m.end) for m in (locate_quote(q, text) for q in coded)]

    def overlaps(s):
        return any(s.sentence.start < e and b < s.sentence.end for b, e in spans)

    assert sum(map(overlaps, fresh.suggestions)) >= 2  # the test means something
    assert not any(overlaps(s) for s in again.suggestions)
    assert again.suggestions == [s for s in fresh.suggestions if not overlaps(s)]
    assert set(again.already_coded) == {s for s in fresh.sentences if any(
        s.start < e and b < s.end for b, e in spans)}


def _folder_with_suggestions(tmp_path, mini_seeds, mini_corpus, mini):
    seeds, corpus = tmp_path / "seeds", tmp_path / "corpus"
    shutil.copytree(mini_seeds, seeds)
    shutil.copytree(mini_corpus, corpus)
    (corpus / "herald-2020-04-01.txt").write_bytes(NEW_TEXT.encode("utf-8"))
    result = suggest_statements(NEW_TEXT, mini, "herald-2020-04-01")
    text = suggestions_yaml(result, mini, corpus / "herald-2020-04-01.txt",
                            stub={"kind": "news", "date": "2020-04-01", "publisher": "herald"})
    (seeds / "statements-herald-2020-04-01.yaml").write_text(text, encoding="utf-8")
    return seeds, corpus, result, text


def test_the_yaml_is_canonical_and_check_flags_every_unreviewed_suggestion(tmp_path, mini_seeds, mini_corpus, mini):
    seeds, corpus, result, text = _folder_with_suggestions(tmp_path, mini_seeds, mini_corpus, mini)
    assert canonical_text(text) == text
    parsed = parse_yaml(text).data
    assert [s["quote"] for s in parsed["statements"]] == [s.quote for s in result.suggestions]
    assert all(s["stance"] is None for s in parsed["statements"])
    problems = read_dataset(seeds, corpus).problems
    assert sorted(p.record for p in problems) == sorted(f"statement '{s['id']}'" for s in parsed["statements"])
    assert {p.field for p in problems} == {"stance"}  # one problem per suggestion: its empty stance
    runner = CliRunner()
    assert runner.invoke(cli, ["format", str(seeds), "--check"]).exit_code == 0
    assert runner.invoke(cli, ["check", str(seeds), "--corpus", str(corpus)]).exit_code == 1
    # once every stance is set, the file passes check --corpus: every quote verified
    reviewed = text.replace("stance:  # support | oppose | mixed", "stance: support")
    (seeds / "statements-herald-2020-04-01.yaml").write_text(reviewed, encoding="utf-8")
    report = check(seeds, corpus)
    assert report.problems == []
    assert len(report.load.dataset.quote_matches) == len(mini.statements) + len(result.suggestions)


def test_cli_writes_the_file_and_skips_what_it_already_holds(tmp_path, mini_seeds, mini_corpus, mini):
    seeds = tmp_path / "seeds"
    shutil.copytree(mini_seeds, seeds)
    source = tmp_path / "new.txt"
    source.write_text(NEW_TEXT, encoding="utf-8")
    out = seeds / "statements-new.yaml"
    runner = CliRunner()
    args = ["suggest", str(source), str(seeds), "--document", "herald-2020-04-01", "--kind", "news",
            "--date", "2020-04-01", "-o", str(out)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    first = parse_yaml(out.read_text(encoding="utf-8")).data
    assert first["documents"][0] == {"id": "herald-2020-04-01", "title": "Village clinics vote on co-ops",
                                     "kind": "news", "date": "2020-04-01", "corpus_file": "new.txt"}
    # run again into another file: every passage is already coded (by the unreviewed suggestions)
    again = runner.invoke(cli, args[:-1] + [str(tmp_path / "again.yaml")])
    assert again.exit_code == 0
    assert parse_yaml((tmp_path / "again.yaml").read_text(encoding="utf-8")).data["statements"] == []
    assert f"{len(first['statements'])} already coded" in again.output
    # a seed file is never overwritten by accident: it may hold reviewed statements
    before = out.read_bytes()
    refused = runner.invoke(cli, args)
    assert refused.exit_code == 2 and "--force" in refused.output
    assert out.read_bytes() == before
    assert runner.invoke(cli, args + ["--force"]).exit_code == 0


def test_cli_says_when_the_new_documents_stub_is_incomplete(tmp_path, mini_seeds):
    source = tmp_path / "new.txt"
    source.write_text(NEW_TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["suggest", str(source), str(mini_seeds), "--document", "d-2020",
                                      "--date", "2020"])
    assert result.exit_code == 0
    assert "the new document 'd-2020' has no kind yet" in " ".join(result.output.split())


def test_cli_refuses_a_bad_document_id(tmp_path, mini_seeds):
    source = tmp_path / "new.txt"
    source.write_text(NEW_TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["suggest", str(source), str(mini_seeds), "--document", "Bad Id"])
    assert result.exit_code == 2
    assert "is not a valid id" in result.output


def test_quote_text_only_collapses_whitespace():
    assert quote_text(" a\u00a0\u201cb\u201d\n\t\u2013 c ") == "a \u201cb\u201d \u2013 c"


@pytest.mark.parametrize("name", ["segment", "mentions", "suggest", "emit"])
def test_docstring_examples(name):
    import doctest
    import importlib

    module = importlib.import_module(f"stancegraph.graph.curation.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


ODD_CHARACTERS = [
    # YAML's own syntax inside a quote
    "'", '"', "\\", " # no comment", ": colon", "- dash", "{a: b}", "[x]", "&anchor *alias", "!tag", "%", "@", "`",
    "|", ">", "?",
    # whitespace of every kind (collapsed to one space, as check compares)
    "\t", "\u00a0", "\u2028", "\u2029", "\x85", "\u3000", "\r",
    # characters that stay as they are
    "\ufeff", "\u200b", "\U0001F600", "\u202e", "e\u0301",
    # characters no seed value may hold: the quote stops before them
    "\x00", "\x07", "\x0b", "\x1b[31m", "\x7f", "\x9f", "\ufffe", "\uffff",
]


@pytest.mark.parametrize("odd", ODD_CHARACTERS, ids=[repr(c) for c in ODD_CHARACTERS])
def test_any_character_in_a_sentence_gives_a_quote_check_accepts(tmp_path, mini_seeds, mini, odd):
    """Every kind of character a text may hold: the file stays canonical, the quote reads back
    as written and verifies against the text, or is cut before a character seeds refuse."""
    text = f"Ann Smith backs co-operatives {odd} fully and for good.\n"
    result = suggest_statements(text, mini, "odd-doc")
    assert len(result.suggestions) == 1
    quote = result.suggestions[0].quote
    emitted = suggestions_yaml(result, mini, "odd.txt", stub={"kind": "news", "date": "2020"})
    assert canonical_text(emitted) == emitted
    seeds, corpus = tmp_path / "seeds", tmp_path / "corpus"
    shutil.copytree(mini_seeds, seeds)
    corpus.mkdir()
    (corpus / "odd.txt").write_text(text, encoding="utf-8", newline="")
    (seeds / "odd.yaml").write_text(emitted.replace("stance:  # support | oppose | mixed", "stance: support"),
                                    encoding="utf-8")
    report = check(seeds, corpus, shacl=False)
    assert [str(p) for p in report.problems if "herald" not in str(p)] == []
    sid = next(s for s, st in report.load.dataset.statements.items() if st.document == "odd-doc")
    assert report.load.dataset.statements[sid].quote == quote
    assert locate_quote(quote, text) is not None
    assert quote.startswith("Ann Smith backs co-operatives")


def test_a_very_long_line_is_segmented_by_windows_without_losing_a_sentence():
    from stancegraph.graph.curation.segment import WINDOW, _windows

    import itertools
    import string

    wards = ["".join(p) for p in itertools.islice(itertools.product(string.ascii_lowercase, repeat=2), 400)]
    line = "".join(f"Dr. Smith backs co-operatives in ward {w}x. " for w in wards)  # ~17 KB, one line
    assert len(line) > 5 * WINDOW
    windows = _windows(line)
    assert "".join(line[a:b] for a, b in windows) == line and max(b - a for a, b in windows) <= WINDOW
    sentences = split_sentences(line + "\nNext line.")
    assert [s.text for s in sentences] == [f"Dr. Smith backs co-operatives in ward {w}x." for w in wards] + [
        "Next line."]
    assert all(line[s.start:s.end] == s.text for s in sentences[:-1])


def test_in_letters_the_signature_below_is_the_speaker(mini):
    from dataclasses import replace

    from stancegraph.schema.models import Document

    letters = Document(id="letters-doc", title="Letters", kind="letters", date="2020-05")
    dataset = replace(mini, documents=dict(mini.documents, **{"letters-doc": letters}))
    text = ("Co-operatives are the answer for our clinics. Bob Jones is wrong about it.\n\n"
            "Ann Smith Chair, Village Health Co-op\n\n"
            "Privatisation has failed every patient I know.\n\n"
            "Bob Jones Blue Party\n")
    by_quote = {s.quote: s for s in suggest_statements(text, dataset, "letters-doc").suggestions}
    assert by_quote["Co-operatives are the answer for our clinics."].speaker == "ann-smith"
    assert by_quote["Co-operatives are the answer for our clinics."].organisation == "village-health-coop"
    assert by_quote["Privatisation has failed every patient I know."].speaker == "bob-jones"
    # the same text as a news story: no signatures, the speaker is carried from before
    news = Document(id="letters-doc", title="Letters", kind="news", date="2020-05")
    dataset = replace(mini, documents=dict(mini.documents, **{"letters-doc": news}))
    by_quote = {s.quote: s for s in suggest_statements(text, dataset, "letters-doc").suggestions}
    assert by_quote["Privatisation has failed every patient I know."].speaker == "ann-smith"


def test_every_public_name_of_the_package_resolves():
    import stancegraph.graph.curation as curation

    assert all(getattr(curation, name) is not None for name in curation.__all__)


def test_a_speakers_heading_carries_to_what_follows(mini):
    text = ("  1. Ann Smith says:\n\n"
            "    One. Two. Three. Four.\n"
            "    Co-operatives are the answer.\n\n"
            "  2. Bob Jones says:\n\n"
            "    Five. Six. Seven.\n"
            "    Privatisation works.\n")
    by_quote = {s.quote: s for s in suggest_statements(text, mini, "new-doc").suggestions}
    assert by_quote["Co-operatives are the answer."].speaker == "ann-smith"
    assert by_quote["Privatisation works."].speaker == "bob-jones"
    assert "heading" in " ".join(by_quote["Privatisation works."].reasons)
