"""The bureau's review: stable finding ids, decisions kept across runs, baselines."""
