"""Builds sign-in (application/signin) from Settings: tables, secrets, SMS sender."""

from __future__ import annotations

import hashlib
import hmac

from application.calendar.deadlines import Clock
from application.ledger import Ledger
from application.signin.authentication import Authentication
from application.signin.codes import OneTimeCodes
from application.signin.passwords import Passwords
from application.signin.phones import PhoneIndex
from application.signin.service import SignInService
from application.signin.sessions import SessionRules, Sessions
from application.signin.tokens import TokenService
from infra.settings import Settings
from infra.sms import sms_sender
from projections.signin_store import SignInTables


def derived(secret: str, purpose: str) -> bytes:
    """A key of its own for each use of a settings secret."""
    return hmac.new(
        secret.encode(), f"gov-signin:{purpose}".encode(), hashlib.sha256
    ).digest()


def build_signin(
    settings: Settings, ledger: Ledger, view, tokens: TokenService, clock: Clock
) -> SignInService:
    store = SignInTables(view, settings.backend)
    phones = PhoneIndex(
        ledger, store, derived(settings.current_master_key(), "phone-index")
    )
    sender = sms_sender(settings.sms_sender, settings.mode)
    codes = OneTimeCodes(
        store, phones, sender, derived(settings.token_secret, "codes"), clock
    )
    rules = SessionRules(
        settings.session_idle_seconds, settings.session_lifetime_seconds
    )
    sessions = Sessions(
        store,
        Authentication(ledger, tokens),
        derived(settings.token_secret, "sessions"),
        clock,
        rules,
    )
    return SignInService(
        ledger,
        codes,
        Passwords(store, phones),
        sessions,
        tokens,
        development=settings.mode == "development",
    )
