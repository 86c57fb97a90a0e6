"""The Apiture API's own protocols against the live server, as a customer's app
would use them over plain HTTP: the 202 ``incompleteAccountBalances`` retry protocol
for an account serviced by a slow core, and check images."""

import requests

from bank_helpers import BANK, cli


def test_incomplete_balances_are_retried_until_complete(hosted_bank, customer):
    server = hosted_bank
    ira = cli(server, "account", "--bank", BANK, "--customer", customer.id, "--type", "ira",
              "--opening-balance", "7500.00", "--core-delay", "5")["accountId"]
    accounts = f"{customer.checking},{ira}"
    http = customer.session()
    first = http.get(server.url("/banking/accountBalances"), params={"accounts": accounts}, timeout=30)
    assert first.status_code == 202, first.text
    assert first.headers["Retry-After"] == "5"
    body = first.json()
    assert body["incompleteAccounts"] == [ira] and body["retryCount"] == 1, body
    assert [item["incomplete"] for item in body["items"]] == [False, True], body
    assert body["items"][0]["available"] == "1000.00"

    server.advance_clock(int(first.headers["Retry-After"]))
    retry = http.get(server.url("/banking/accountBalances"), timeout=30,
                     params={"accounts": ",".join(body["incompleteAccounts"]), "retryCount": body["retryCount"]})
    assert retry.status_code == 200, retry.text
    [item] = retry.json()["items"]
    # `current` is the balance at the end of the previous business day: the IRA opened today.
    assert item == {**item, "id": ira, "available": "7500.00", "current": "0.00", "incomplete": False}, item


def test_check_images_are_served_to_the_holder(hosted_bank, customer):
    server = hosted_bank
    cli(server, "check", "--bank", BANK, "--account", customer.checking, "--number", "2201",
        "--amount", "45.00", "--payee", "Hillside Dental")
    listed = customer.call("GET", f"/accounts/{customer.checking}/transactions", params={"type": "check"})
    [check] = listed["items"]
    assert check["amount"] == "-45.00" and check["check"]["number"] == 2201, check
    assert check["category"]["label"] == "Check", check
    http = customer.session()
    front = http.get(check["check"]["imageFront_url"], timeout=30)
    assert front.status_code == 200 and front.headers["Content-Type"] == "image/svg+xml", front.text
    assert "Hillside Dental" in front.text and "2201" in front.text
    anonymous = requests.get(check["check"]["imageBack_url"], timeout=30)
    assert anonymous.status_code == 401
    assert anonymous.headers["Content-Type"] == "application/problem+json"
