"""MX Platform API v1 conformance tests, driven by the official mx-platform-python SDK."""
