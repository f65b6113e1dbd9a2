import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { intakeDisplay, type DisplayCall } from '../../../shared/intake/hall.js';
import { displayQueueNumber } from '../../../shared/intake/zones.js';
import { chime, chineseVoice, speak } from './announce.js';
import { useHallPoll } from './useHallPoll.js';
import './hall.css';

/** How many announcements the page keeps listed on itself (the newest last). */
const KEPT = 20;

/**
 * The hall's public calling display (a TV in the waiting area, or a second window of the desk):
 * per zone the number called now and the ones before, the station's name and duty phone, masked
 * names only. Each new call chimes and is read out in Chinese where the device has a Chinese
 * voice; in English the text is shown only. The announcements queued are listed on the page
 * (`data-announcements`) and the moment the newest call was shown (`data-shown-at`, epoch ms).
 */
export const DisplayPage = () => {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const { data, problem } = useHallPoll(intakeDisplay);
  const [voice, setVoice] = useState(chineseVoice);
  const [announcements, setAnnouncements] = useState<string[]>([]);
  const root = useRef<HTMLDivElement>(null);
  const seen = useRef<Set<string> | null>(null);
  const [now, setNow] = useState(() => new Date());

  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 1000);
    if (typeof speechSynthesis === 'undefined') return () => window.clearInterval(timer);
    // voices arrive after the page loads
    const onVoices = () => setVoice(chineseVoice());
    speechSynthesis.addEventListener('voiceschanged', onVoices);
    return () => {
      window.clearInterval(timer);
      speechSynthesis.removeEventListener('voiceschanged', onVoices);
    };
  }, []);

  const numberOf = (queueNo: string) => displayQueueNumber(queueNo, i18n.language);
  // in Chinese the stored number, read out as it is; in English its letter form, shown only
  const textOf = (c: DisplayCall) => t('intake.hall.display.announce', { queueNo: numberOf(c.queueNo), route: t(`intake.routes.${c.route}`) });

  const newest = data?.calls[0] ?? null;
  // the moment the newest call is on the screen, for whoever measures the way from the click
  useEffect(() => {
    const el = root.current;
    if (el && newest && el.dataset.shownCall !== newest.id) {
      el.dataset.shownCall = newest.id;
      el.dataset.shownAt = String(Date.now());
    }
  }, [newest]);

  useEffect(() => {
    if (!data) return;
    // what was called before the page opened is shown, not announced
    if (!seen.current) {
      seen.current = new Set(data.calls.map((c) => c.id));
      return;
    }
    const fresh = data.calls.filter((c) => !seen.current!.has(c.id)).reverse();
    if (fresh.length === 0) return;
    for (const c of fresh) seen.current.add(c.id);
    const texts = fresh.map(textOf);
    setAnnouncements((a) => [...a, ...texts].slice(-KEPT));
    // the sound after the screen: starting the audio device must not hold up the call being shown
    window.setTimeout(() => {
      chime();
      if (zh && voice) for (const text of texts) speak(text, voice);
    }, 0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- announced once per answer
  }, [data]);

  return (
    <div
      className="hall-display"
      lang={zh ? 'zh-CN' : 'en'}
      data-testid="hall-display"
      data-announcements={JSON.stringify(announcements)}
      ref={root}
      data-voice={zh && voice ? 'zh' : 'none'}
    >
      <header className="hall-display-head">
        <div className="hall-display-station">{data?.stationName ?? ''}</div>
        <div className="hall-display-clock">{now.toLocaleTimeString(zh ? 'zh-CN' : 'en-GB', { hour12: false })}</div>
      </header>
      {problem === 'notAllowed' ? (
        <div className="hall-display-problem">{t('intake.hall.display.notAllowed')}</div>
      ) : (
        <>
          <div className="hall-display-banner" data-testid="hall-display-banner">
            {newest ? textOf(newest) : t('intake.hall.display.waitCall')}
          </div>
          <main className="hall-display-zones">
            {(data?.zones ?? []).map((z) => (
              <section key={z.route} className="hall-display-zone" data-testid={`hall-zone-${z.route}`}>
                <h2>{t(`intake.routes.${z.route}`)}</h2>
                <div className="hall-display-current">
                  {z.current ? (
                    <>
                      <span className="hall-display-number">{numberOf(z.current.queueNo)}</span>
                      <span className="hall-display-name">{z.current.nameMasked}</span>
                    </>
                  ) : (
                    <span className="hall-display-idle">—</span>
                  )}
                </div>
                <div className="hall-display-recent">
                  {z.recent.map((c) => (
                    <span key={c.id}>
                      {numberOf(c.queueNo)} {c.nameMasked}
                    </span>
                  ))}
                </div>
              </section>
            ))}
          </main>
        </>
      )}
      <footer className="hall-display-foot">
        <span>{data?.dutyPhone ? t('intake.hall.display.dutyPhone', { phone: data.dutyPhone }) : ''}</span>
        {problem === 'reconnecting' && <span>{t('intake.hall.display.reconnecting')}</span>}
        {zh && !voice && <span className="hall-display-novoice" data-testid="hall-no-voice">{t('intake.hall.display.noVoice')}</span>}
      </footer>
    </div>
  );
};
