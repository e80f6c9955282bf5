"""The web try-out driven in a real headless Chromium (Debian's ``chromium`` and
``chromium-driver``, through Selenium).

Without a browser these tests skip and say how to run them; with
``RTWBOT_REQUIRE_BROWSER=1`` (set by ``.ci/run``) a missing browser is a failure instead.
``RTWBOT_SCREENSHOTS=DIR`` saves the screenshots the tests take (docs/screenshots/).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from rtwbot.playground import Playground
from rtwbot.tryout.actions import TryOut
from rtwbot.tryout.server import WebServer
from tests.e2e.conftest import NOW

CHROMIUM = os.environ.get("RTWBOT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("RTWBOT_CHROMEDRIVER", "/usr/bin/chromedriver")
HOW = ("the browser tests need Debian's chromium and chromium-driver "
       "(`apt-get install chromium chromium-driver`, or RTWBOT_CHROMIUM / RTWBOT_CHROMEDRIVER "
       "pointing at them) and selenium (`pip install -e '.[dev]'`)")


def _missing() -> str:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).exists() or shutil.which(path)):
            return f"{path} is not installed"
    return ""


@pytest.fixture(scope="session")
def browser() -> Iterator:
    missing = _missing()
    if missing:
        message = f"{missing}: {HOW}"
        if os.environ.get("RTWBOT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"RTWBOT_REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,860", "--lang=en-CA"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


class Web:
    """The page as a person uses it: type, click, pick, switch user, look."""

    def __init__(self, driver, pg: Playground, server: WebServer) -> None:
        self.d, self.pg, self.base = driver, pg, server.url.rstrip("/")

    def navigates(self, act) -> None:
        """Do ``act`` and wait until the browser has loaded the page it leads to.

        The old page is told apart from the new one by a mark on its window (a new page has
        a new window object), read by script: nothing holds a reference to an element of the
        old page, so chromedriver's "node does not belong to the document" and stale
        elements cannot stop the wait, however loaded the machine is."""
        import uuid

        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait

        mark = uuid.uuid4().hex
        self.d.execute_script("window.__rtwbotPage = arguments[0];", mark)
        try:
            act()
        except WebDriverException as error:
            # Chromedriver sometimes reports the clicked node as gone when the click has
            # already submitted the form and the page is being replaced: that is the
            # navigation we wanted. Anything else is a real failure.
            if "does not belong to the document" not in str(error) and \
                    "stale element" not in str(error).lower():
                raise

        def loaded(driver) -> bool:
            try:
                return bool(driver.execute_script(
                    "return document.readyState === 'complete'"
                    " && window.__rtwbotPage !== arguments[0];", mark))
            except WebDriverException:  # between two pages: ask again
                return False

        WebDriverWait(self.d, 60, poll_frequency=0.1).until(loaded)

    def click(self, element) -> None:
        self.navigates(element.click)

    def open(self, handle: str = "sam") -> None:
        self.d.get(f"{self.base}/?as={handle}")

    def find(self, css: str):
        from selenium.webdriver.common.by import By

        return self.d.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str) -> list:
        from selenium.webdriver.common.by import By

        return self.d.find_elements(By.CSS_SELECTOR, css)

    def type(self, text: str, box: str = "#compose") -> None:
        """Type into the message box and press Enter (the page reloads when the bot is done)."""
        from selenium.webdriver.common.keys import Keys

        field = self.find(box)
        field.send_keys(text)
        self.navigates(lambda: field.send_keys(Keys.ENTER))

    def button(self, label: str, within: str = "") -> None:
        """Click the last button with this label (the newest message's)."""
        from selenium.webdriver.common.by import By

        scope = self.find(within) if within else self.d
        buttons = [b for b in scope.find_elements(By.CSS_SELECTOR, "button")
                   if b.text.strip() == label]
        assert buttons, f"no button {label!r}; buttons: {[b.text for b in scope.find_elements(By.CSS_SELECTOR, 'button')]}"
        self.click(buttons[-1])

    def pick(self, select, label: str) -> None:
        from selenium.webdriver.support.ui import Select

        self.navigates(lambda: Select(select).select_by_visible_text(label))

    def choose(self, select, label: str) -> None:
        """Pick in a menu that does not submit by itself (a modal's)."""
        from selenium.webdriver.support.ui import Select

        Select(select).select_by_visible_text(label)

    def text(self) -> str:
        return self.find("body").text

    def last_message(self) -> str:
        return self.find_all("#messages .msg")[-1].text

    def screenshot(self, name: str) -> None:
        where = os.environ.get("RTWBOT_SCREENSHOTS")
        if where:
            Path(where).mkdir(parents=True, exist_ok=True)
            self.d.save_screenshot(str(Path(where) / f"{name}.png"))


@pytest.fixture
def web(browser, database_url: str) -> Iterator[Web]:
    with Playground(database_url=database_url, start_at=NOW) as pg:
        server = WebServer(TryOut(pg)).start()
        try:
            yield Web(browser, pg, server)
        finally:
            server.stop()
