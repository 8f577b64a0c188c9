# The instructors' image: the students' image plus the course (this repository), the grader
# and bubblewrap for its sandbox. Build it from a checkout of scratchnet:
#   docker build -f docs/hub/instructor.Dockerfile -t registry.example.edu/scratchnet/instructor:2026.1 .
# Only instructors' pods and grading jobs run it (config.yaml's profile, grading-job.yaml).
FROM registry.example.edu/scratchnet/student:2026.1
USER root
RUN apt-get update && apt-get install -y --no-install-recommends bubblewrap \
    && rm -rf /var/lib/apt/lists/*
COPY . /opt/scratchnet
RUN pip install --no-cache-dir -e /opt/scratchnet \
    && jupyter server extension enable --sys-prefix nbgrader.server_extensions.formgrader \
    && jupyter labextension enable --level=sys_prefix @jupyter/nbgrader:formgrader \
    && jupyter labextension enable --level=sys_prefix @jupyter/nbgrader:create-assignment
COPY docs/hub/instructor_nbgrader_config.py /etc/jupyter/nbgrader_config.py
USER ${NB_UID}
