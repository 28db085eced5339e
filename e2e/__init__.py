"""End-to-end conversation tests in Rasa Pro's test-case format, run against the real stack.

``python -m e2e`` (``make e2e``): see e2e/__main__.py, the format in e2e/cases.py and the README.
"""
