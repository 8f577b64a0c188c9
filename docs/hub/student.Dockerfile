# The students' image: what a student's pod runs. numpy and matplotlib for the notebooks,
# JupyterLab, nbgrader with only its student extensions (assignment list, Validate), and
# ngshare's exchange client. Never the course's reference solution nor its grader: neither
# scratchnet nor this repository is copied in. Checked by tests/test_hub_docs.py.
FROM quay.io/jupyter/base-notebook:python-3.11
RUN pip install --no-cache-dir "numpy>=1.26" "matplotlib>=3.7" "jupyterlab>=4,<5" \
        "nbgrader==0.9.*" "ngshare_exchange" \
    && jupyter server extension disable --sys-prefix nbgrader.server_extensions.formgrader \
    && jupyter server extension disable --sys-prefix nbgrader.server_extensions.course_list \
    && jupyter labextension disable --level=sys_prefix @jupyter/nbgrader:formgrader \
    && jupyter labextension disable --level=sys_prefix @jupyter/nbgrader:course-list \
    && jupyter labextension disable --level=sys_prefix @jupyter/nbgrader:create-assignment
USER root
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
USER ${NB_UID}
COPY student_nbgrader_config.py /etc/jupyter/nbgrader_config.py
