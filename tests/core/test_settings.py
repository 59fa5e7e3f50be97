"""Settings that differ between dev mode (`make run`, the tests) and production."""

from tests.core.production import computed_settings


def test_sign_in_is_looser_in_dev_mode_only(tmp_path):
    production = computed_settings(tmp_path, "RATE_LIMITS")["RATE_LIMITS"]
    dev = computed_settings(tmp_path, "RATE_LIMITS", BUURTWACHT_DEV="1")["RATE_LIMITS"]
    assert (production["login"], production["login_account"]) == ("10/15m", "20/h")
    assert (dev["login"], dev["login_account"]) == ("100/15m", "100/h"), "room to walk through the demo's personas"
