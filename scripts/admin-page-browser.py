#!/usr/bin/env python3
"""Drives the admin page in a real headless Chromium (Debian's chromium and chromium-driver, through Selenium):
log in, see the pending reset, approve it, open the ticket and see its audit trail. Saves screenshots.

    admin-page-browser.py BASE_URL ADDRESS PASSWORD TICKET OUT_DIR

Prints one line per step; exits non-zero (with the reason) at the first step that does not hold.
Run by Tests/HelpdeskCLITests/BrowserTests.swift; needs `scripts/install-deps` (chromium, chromium-driver, selenium).
"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.common.exceptions import TimeoutException


def fail(why):
    print("FAIL: " + why)
    sys.exit(1)


def main():
    base, address, password, ticket, out = sys.argv[1:6]
    os.makedirs(out, exist_ok=True)
    options = webdriver.ChromeOptions()
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400",
                "--disable-gpu", "--no-first-run", "--user-data-dir=" + os.path.join(out, "profile")]:
        options.add_argument(arg)
    binary = next((p for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] if os.path.exists(p)), None)
    if binary:
        options.binary_location = binary
    driver_path = next((p for p in ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"] if os.path.exists(p)), None)
    driver = webdriver.Chrome(service=Service(driver_path) if driver_path else Service(), options=options)
    driver.implicitly_wait(20)
    try:
        driver.get(base + "/approvals")
        if "/login" not in driver.current_url:
            fail("the approvals page did not ask for a login: " + driver.current_url)
        print("login page shown")
        driver.find_element(By.ID, "address").send_keys(address)
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.ID, "login").click()
        # The password check is deliberately slow (a key-derivation function): wait for the page to change, on a
        # loaded machine too.
        try:
            WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/approvals"))
        except TimeoutException:
            fail("login did not lead to the approvals: " + driver.current_url)
        card = driver.find_element(By.ID, "ticket-" + ticket)
        if "reset the account of" not in card.text:
            fail("the pending reset is not shown: " + card.text[:300])
        print("pending reset shown: " + card.find_element(By.TAG_NAME, "h2").text)
        driver.save_screenshot(os.path.join(out, "admin-approvals.png"))
        driver.find_element(By.ID, "approve-" + ticket).click()
        flash = driver.find_element(By.CSS_SELECTOR, ".flash").text
        if "approved" not in flash:
            fail("no confirmation after approving: " + driver.page_source[:500])
        print("approved: " + flash)
        if driver.find_elements(By.ID, "ticket-" + ticket):
            fail("the ticket is still listed as pending")
        driver.save_screenshot(os.path.join(out, "admin-approved.png"))
        driver.get(base + "/tickets?q=" + ticket)
        driver.find_element(By.LINK_TEXT, "#" + ticket).click()
        audit = driver.find_element(By.ID, "audit").text
        for what in ["created", "classify", "approval_requested", "approval_approved"]:
            if what not in audit:
                fail("the audit trail lacks " + what + ": " + audit[:500])
        print("audit trail shown: %d rows" % (len(driver.find_elements(By.CSS_SELECTOR, "#audit tbody tr"))))
        driver.save_screenshot(os.path.join(out, "admin-ticket.png"))
        print("screenshots in " + out)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
