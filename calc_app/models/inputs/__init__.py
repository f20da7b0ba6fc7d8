"""The scenario's input fields, described once (label, unit, section, help) and grouped by origin.

``base`` holds the fields of the outside contract; the other modules add the inputs that the
measures of one group of seed documents need. :mod:`calc_app.models.scenario` combines them.
"""
