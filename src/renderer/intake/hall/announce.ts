/**
 * The display's voice: a chime, then the call read out by the browser's speech synthesis in a
 * Chinese voice. Where the device has no Chinese voice (headless browsers, some TVs) the call is
 * shown only, and the display says so.
 */
export const chineseVoice = (): SpeechSynthesisVoice | null => {
  if (typeof speechSynthesis === 'undefined') return null;
  return speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().replace('_', '-').startsWith('zh')) ?? null;
};

let audio: AudioContext | null = null;

/** Two soft tones (ding-dong) from the Web Audio API: no sound file to ship. */
export const chime = (): void => {
  try {
    audio ??= new AudioContext();
    void audio.resume();
    const start = audio.currentTime;
    for (const [i, hz] of [880, 660].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, start + i * 0.45);
      gain.gain.exponentialRampToValueAtTime(0.3, start + i * 0.45 + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.45 + 0.6);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.45);
      osc.stop(start + i * 0.45 + 0.65);
    }
  } catch {
    // no audio device: the call is still shown
  }
};

/** Reads a call out, after the chime; twice, as halls do, slowly enough to follow. */
export const speak = (text: string, voice: SpeechSynthesisVoice): void => {
  for (let i = 0; i < 2; i += 1) {
    const u = new SpeechSynthesisUtterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.9;
    speechSynthesis.speak(u);
  }
};
