"""How the Rasa server runs here: start-up checks, action fallback, lock store and retention.

``python -m runtime.serve`` starts Rasa with them (scripts/run.sh uses it).
"""
