"""The operations both faces share: plain functions of one frozen ``Settings``.

``cli`` (the ``eolist`` command) and ``flows`` (the Prefect flows) are thin wrappers over this
package: what a crawl, a load, a digest or a source check does is written once, here. Nothing
in ``ops`` imports ``cli`` or ``flows``; it imports ``pipeline``, ``spiders``, ``warehouse`` and
``curation``.
"""
