"""nbgrader's configuration in the students' image (/etc/jupyter/nbgrader_config.py).

The exchange is ngshare, reached through the hub; each course's folder is kept apart (the
English and the Chinese course both have a 01_sigmoid). Checked by tests/test_hub_docs.py.
"""

from ngshare_exchange import configureExchange

c = get_config()  # noqa: F821
configureExchange(c, "http://ngshare.jhub.svc.cluster.local:8080/services/ngshare")
c.Exchange.path_includes_course = True
