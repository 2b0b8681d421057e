"""The text embedding's word-by-word tokenization (model/embedding.py) gives exactly the ids the
tokenizer gives for the whole text, and the vector is the same bits as the plain numpy one."""

import numpy as np
import pytest

from safepost.engine.model import embedding

TEXTS = [
    "Congratulations to our patient Maria Lopez, home today after her hip replacement on March 3!",
    "Call us at (555) 201-3344 or visit lakesideregional.org. Gracias, Doña Inés 😊",
    "Thank you for the kind words!\nWe hope to see you at the health fair. #NursesWeek",
    "two  spaces", " leading space", "trailing space ", "a", "", " ", "\u2581already\u2581marked words",
    "word\u2581 then space", "İstanbul ſtreet Kelvin \u212a", "lone \ud800 surrogate here", "tab\tand\nnewline",
    "repeated repeated repeated words words", "x" * 300 + " long word",
    "hello <s> world", "a</s>b c", "x <unk> y", "<s>", "see you <s>there", "love you <3",
]


def whole_text_ids(text: str) -> list[int]:
    tokenizer, _ = embedding._table()
    return embedding._encode(tokenizer, text)


def test_only_runs_of_the_word_mark_have_it_after_their_first_character():
    # the reason encoding word by word is exact: no token of the vocabulary spans a word boundary
    tokenizer, _ = embedding._table()
    inner = [t for t in tokenizer.get_vocab() if "\u2581" in t[1:]]
    assert inner and all(set(t) == {"\u2581"} for t in inner)


def test_the_special_tokens_all_start_with_a_less_than_sign():
    # why a text with a "<" is encoded whole: the tokenizer cuts these out before the rest
    tokenizer, _ = embedding._table()
    specials = [t.content for t in tokenizer.get_added_tokens_decoder().values()]
    assert specials and all(t.startswith("<") for t in specials)


@pytest.mark.parametrize("text", TEXTS)
def test_word_by_word_ids_are_the_whole_texts(text):
    tokenizer, _ = embedding._table()
    embedding._WORD_IDS.clear()
    assert embedding._token_ids(tokenizer, text) == whole_text_ids(text)
    assert embedding._token_ids(tokenizer, text) == whole_text_ids(text)   # from the cache


def test_a_trailing_space_is_a_token():
    # why a text ending with a space is encoded whole: the empty last word has no "▁" of its own
    assert whole_text_ids("trailing space ") != whole_text_ids("trailing space")


@pytest.mark.parametrize("text", [t for t in TEXTS if t.strip()])
def test_the_vector_is_numpys_mean_and_norm_bit_for_bit(text):
    _, table = embedding._table()
    rows = table[whole_text_ids(text)]
    v = rows.mean(axis=0)
    expected = v / (float(np.linalg.norm(v)) or 1.0)
    got = embedding.embed(text)
    assert got.dtype == expected.dtype and got.tobytes() == expected.tobytes()


def test_a_text_without_tokens_is_zeros():
    assert not embedding.embed("").any()


@pytest.mark.parametrize("word", ["Congratulations", "(555)", "lakesideregional.org.", "Inés", "😊", "\ud800x",
                                  "İſ", "a\u200bb", "201-3344", "x" * 300])
def test_a_word_alone_through_the_bpe_model_is_the_whole_encoding(word):
    tokenizer, _ = embedding._table()
    assert embedding._word_ids(tokenizer, word) == whole_text_ids(word)
