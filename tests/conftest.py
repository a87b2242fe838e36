import datetime

import pytest

from bot.engine.content import default_content

TODAY = datetime.date(2026, 11, 21)


@pytest.fixture(scope="session")
def content():
    return default_content()


@pytest.fixture
def today():
    return TODAY
