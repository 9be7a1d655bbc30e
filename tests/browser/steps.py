"""What a person does in the browser, step by step (tests assert what pages show)."""

from __future__ import annotations

from domain.people import person_id_for


def phone_of(live, ref: str) -> str:
    return live.container.ledger.person(person_id_for(ref)).phone


def ask_for_code(page, phone: str) -> None:
    page.goto("/signin")
    page.fill("#phone1", phone)
    page.click("text=获取验证码")
    page.wait_for_selector("text=验证码已发送")


def sign_in_by_code(page, live, ref: str) -> None:
    phone = phone_of(live, ref)
    ask_for_code(page, phone)
    assert page.input_value("#phone2") == phone  # the number typed is kept
    page.fill("#code", live.container.signin.sender.last_code(phone))
    page.click("form[action='/signin/verify'] button")
    page.wait_for_selector(f"h1:has-text('您好，{ref}')")


def sign_in_demo(page, ref: str) -> None:
    page.goto("/signin")
    page.click(f"#demo-people button:has-text('{ref}')")
    page.wait_for_selector(f"h1:has-text('您好，{ref}')")


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scroll)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


SMALL_CONTROLS = """
[...document.querySelectorAll(
  'button, select, textarea, a.button, nav a, summary, label.choice,'
  + ' input:not([type=hidden]):not([type=radio]):not([type=checkbox])')]
  .filter(e => e.offsetParent !== null)
  .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().height])
  .filter(([_, h]) => h < 44)
"""


def small_tap_targets(page) -> list:
    return page.evaluate(SMALL_CONTROLS)
