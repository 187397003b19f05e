"""Every run gets a run folder (log file, vis_data) of its own, even when two runs of one work
dir start in the same second, which in mmengine share one folder and one log file."""
import time

from i2itools.engine.config_loading import load_config
from i2itools.engine.run_folder import OwnRunFolderRunner, claim_run_folder


def test_a_taken_name_gets_the_next_number(tmp_path):
    names = [claim_run_folder(tmp_path, '20261207_013000') for _ in range(3)]
    assert names == ['20261207_013000', '20261207_013000_2', '20261207_013000_3']
    assert all((tmp_path / name).is_dir() for name in names)


def test_two_runs_started_in_the_same_second_log_to_two_folders(tiny_config, tmp_path,
                                                                 monkeypatch):
    second = time.time()
    monkeypatch.setattr(time, 'time', lambda: second)
    runners = []
    for _ in range(2):
        cfg = load_config(str(tiny_config))
        cfg.work_dir = str(tmp_path / 'work')
        runners.append(OwnRunFolderRunner.from_cfg(cfg))
    first, again = runners
    assert first.timestamp == time.strftime('%Y%m%d_%H%M%S', time.localtime(second))
    assert again.timestamp == f'{first.timestamp}_2'
    assert again.log_dir != first.log_dir
    assert (tmp_path / 'work' / again.timestamp / f'{again.timestamp}.log').is_file()
