"""nbgrader's configuration in the instructors' image: the course is ~/course (a copy of the
repository's assignments/, made once with `cp -r /opt/scratchnet/assignments ~/course`),
the exchange is ngshare. Checked by tests/test_hub_docs.py.
"""

import os

from ngshare_exchange import configureExchange

c = get_config()  # noqa: F821
course = os.path.expanduser("~/course/nbgrader_config.py")
if os.path.exists(course):
    load_subconfig(course)  # noqa: F821  (root, course id, timeouts, feedback)
configureExchange(c, "http://ngshare.jhub.svc.cluster.local:8080/services/ngshare")
c.Exchange.path_includes_course = True
