"""Accuracy on labelled data this code was not written beside.

Owns: loading the labelled sets under tests/eval/ (each split once into a development half
and a held-out half), scoring the product's own resolvers on them, and the figures that
`dumas routing eval` and `dumas when --eval` print and CI checks against the targets.
"""
