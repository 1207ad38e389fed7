"""Grouping a mixed feed into stories, one per event, incrementally and at scale.

features.py reads what tells events apart, vectors.py weighs it, neighbours.py finds
candidates, linkage.py groups them, grouping.py runs batches against the saved stories and
state.py keeps them between runs; bcubed.py scores a grouping.
"""
