"""统一社会信用代码, GB 32100-2015: 18 characters of 0-9 and A-Y without I O Z S V; the 18th is the check
character 31 - (Σ value × weight mod 31), weights 3^(i-1) mod 31."""
import pytest
from hypothesis import given, strategies as st

from calc_app.register.credit_code import CHARSET, WEIGHTS, CreditCodeError, check_character, validate


def test_the_weights_are_the_powers_of_three_modulo_31():
    assert WEIGHTS == tuple(pow(3, i, 31) for i in range(17))


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L", " 91350100m000100y43 "])
def test_published_codes_are_accepted_and_normalized(code):
    assert validate(code) == code.strip().upper()


def test_a_wrong_check_character_is_named_with_the_right_one_in_both_languages():
    with pytest.raises(CreditCodeError) as e:
        validate("91350100M000100Y44")
    assert e.value.kind == "check"
    assert "3" in e.value.message("en_US") and "check character" in e.value.message("en_US")
    zh = e.value.message("zh_CN")
    assert "校验" in zh and "3" in zh


def test_a_letter_the_code_never_uses_is_named_with_its_position():
    with pytest.raises(CreditCodeError) as e:
        validate("91350100MO00100Y43")
    assert e.value.kind == "character" and e.value.detail == {"pos": 10, "char": "O"}


def test_a_code_of_the_wrong_length_says_how_long_it_is():
    with pytest.raises(CreditCodeError) as e:
        validate("9135010")
    assert e.value.detail == {"n": 7}


@given(st.text(alphabet=CHARSET, min_size=17, max_size=17), st.integers(0, 16), st.sampled_from(CHARSET))
def test_changing_any_one_character_of_a_valid_code_is_caught(body, pos, new):
    code = body + check_character(body)
    assert validate(code) == code
    changed = code[:pos] + new + code[pos + 1:]
    if changed != code:
        with pytest.raises(CreditCodeError):
            validate(changed)
