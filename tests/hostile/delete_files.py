"""Tries to delete other students' files (a path the test hands it) and every file it can
find outside its working directory. Under bubblewrap it sees none of the grader's files and
everything outside /sandbox is read-only. (It does nothing unless it runs in /sandbox, so it
is harmless if started by mistake without bubblewrap.)"""

# %% honest

# %%
import os
import shutil


def delete(path):
    if os.getcwd() != "/sandbox":
        return -1
    shutil.rmtree(path)
    return 0


def delete_everything():
    """How many files outside /sandbox this managed to delete."""
    if os.getcwd() != "/sandbox":
        return -1
    deleted = tried = 0
    for top in os.listdir("/"):
        if top in ("proc", "sys", "dev", "sandbox"):
            continue
        for visited, (root, _dirs, files) in enumerate(os.walk("/" + top)):
            if visited == 100:  # a sample of every tree is enough
                break
            for name in files[:20]:
                tried += 1
                try:
                    os.remove(os.path.join(root, name))
                    deleted += 1
                except OSError:
                    pass
    return deleted if tried else -2
