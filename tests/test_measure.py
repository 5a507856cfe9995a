"""The loudness meter the benchmark reports with (ITU-R BS.1770-4), checked on signals whose
loudness and true peak are known: a 997 Hz sine of peak amplitude A in one channel measures
-3.01 + 20·log10(A) LUFS; silence is gated out; a sine at a quarter of the rate, sampled 45°
off its peaks, has samples 3 dB below its true peak."""
import numpy as np
import pytest
from measure import integrated_loudness, true_peak_dbtp

RATE = 22050


def sine(freq, amplitude, seconds, phase=0.0):
    t = np.arange(int(seconds * RATE)) / RATE
    return amplitude * np.sin(2 * np.pi * freq * t + phase)


@pytest.mark.parametrize("amplitude_db", [0, -10, -20])
def test_a_997_hz_sine_measures_as_the_standard_says(amplitude_db):
    measured = integrated_loudness(sine(997, 10 ** (amplitude_db / 20), 5), RATE)
    assert measured == pytest.approx(-3.01 + amplitude_db, abs=0.05)


def test_silence_between_speech_is_gated_out():
    tone = sine(997, 0.1, 3)
    with_pauses = np.concatenate([tone, np.zeros(RATE * 3), tone])
    # Counted, the silence would lower the figure by 10·log10(6/9) = 1.76 LU; gated out, only the
    # few blocks that straddle a tone's edge count at part strength.
    assert integrated_loudness(with_pauses, RATE) == pytest.approx(integrated_loudness(tone, RATE), abs=0.3)


def test_the_true_peak_is_found_between_samples():
    signal = sine(RATE / 4, 0.5, 1, phase=np.pi / 4)
    assert 20 * np.log10(np.abs(signal).max()) == pytest.approx(20 * np.log10(0.5) - 3.01, abs=0.05)
    assert true_peak_dbtp(signal) == pytest.approx(20 * np.log10(0.5), abs=0.1)
