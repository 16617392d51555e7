"""Tests in a real browser: headless Chromium, axe-core, keyboard and screen-reader checks."""
