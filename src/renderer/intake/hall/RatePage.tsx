import { Alert, Button, Checkbox, Input, Result, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '../../../shared/errors.js';
import { RATING_LEVELS, RATING_REASONS, intakeRate, intakeRatingNext, isPoor, type RatingLevel, type RatingReason } from '../../../shared/intake/hall.js';
import { call } from '../../app/api.js';
import { errorText } from '../../app/i18n.js';
import { useHallPoll } from './useHallPoll.js';
import './hall.css';
import { displayQueueNumber } from '../../../shared/intake/zones.js';

/** How long the thanks stay before the screen is ready for the next visitor. */
const THANKS_MS = 4000;

/**
 * The rating screen (好差评), on a tablet at the desk or a window turned to the visitor: the walk-in
 * that ended last (its number and masked name; another can be chosen), five levels, and for the
 * two poor ones the reasons to tick. Nothing else is shown or can be done here.
 */
export const RatePage = () => {
  const { t, i18n } = useTranslation();
  const { data, problem } = useHallPoll(intakeRatingNext);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [reasons, setReasons] = useState<RatingReason[]>([]);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [thanked, setThanked] = useState(false);

  const offered = data?.walkIns ?? [];
  const current = offered.find((w) => w.walkInId === chosenId) ?? offered[0] ?? null;

  useEffect(() => {
    if (!thanked) return;
    const timer = window.setTimeout(() => setThanked(false), THANKS_MS);
    return () => window.clearTimeout(timer);
  }, [thanked]);

  const reset = () => {
    setChosenId(null);
    setLevel(null);
    setReasons([]);
    setComment('');
    setError(null);
  };

  const send = async (chosen: RatingLevel) => {
    if (!current) return;
    if (isPoor(chosen) && reasons.length === 0) {
      setLevel(chosen);
      return;
    }
    setSending(true);
    try {
      await call(intakeRate, { walkInId: current.walkInId, level: chosen, reasons: isPoor(chosen) ? reasons : [], comment: comment.trim() || null });
      reset();
      setThanked(true);
    } catch (err) {
      setError(err instanceof AppError ? errorText(t, err) : String(err));
    } finally {
      setSending(false);
    }
  };

  if (problem === 'notAllowed') return <Result status="403" title={t('intake.hall.rate.notAllowed')} />;
  return (
    <div className="hall-rate" data-testid="hall-rate">
      <Typography.Title level={1}>{t('intake.hall.rate.title')}</Typography.Title>
      {thanked ? (
        <Result status="success" title={<span data-testid="hall-rate-thanks">{t('intake.hall.rate.thanks')}</span>} />
      ) : !current ? (
        <Typography.Title level={3} type="secondary">
          {t('intake.hall.rate.none')}
        </Typography.Title>
      ) : (
        <>
          <Typography.Title level={2} data-testid="hall-rate-walk-in" style={{ margin: 0 }}>
            {displayQueueNumber(current.queueNo, i18n.language)} {current.nameMasked}
          </Typography.Title>
          <Typography.Title level={3} style={{ fontWeight: 400 }}>
            {t('intake.hall.rate.prompt')}
          </Typography.Title>
          {level && isPoor(level) ? (
            <div style={{ maxWidth: 640, width: '100%' }}>
              <Typography.Title level={4}>
                {t(`intake.hall.levels.${level}`)} · {t('intake.hall.rate.reasonsTitle')}
              </Typography.Title>
              <Checkbox.Group
                value={reasons}
                onChange={(v) => setReasons(v as RatingReason[])}
                options={RATING_REASONS.map((r) => ({ value: r, label: <span style={{ fontSize: 22 }}>{t(`intake.hall.reasons.${r}`)}</span> }))}
                style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
              />
              <Input.TextArea
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                maxLength={200}
                placeholder={t('intake.hall.rate.comment')}
                style={{ marginTop: 16, fontSize: 18 }}
                autoSize={{ minRows: 2, maxRows: 4 }}
              />
              <div style={{ display: 'flex', gap: 16, marginTop: 16 }}>
                <Button size="large" onClick={() => setLevel(null)}>
                  {t('intake.hall.rate.back')}
                </Button>
                <Button type="primary" size="large" disabled={reasons.length === 0} loading={sending} onClick={() => void send(level)} data-testid="hall-rate-submit">
                  {t('intake.hall.rate.submit')}
                </Button>
              </div>
            </div>
          ) : (
            <div className="hall-rate-levels">
              {RATING_LEVELS.map((l) => (
                <Button key={l} size="large" type={isPoor(l) ? 'default' : 'primary'} danger={isPoor(l)} loading={sending && level === l} onClick={() => void send(l)}>
                  {t(`intake.hall.levels.${l}`)}
                </Button>
              ))}
            </div>
          )}
          {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
          {offered.length > 1 && (
            <div style={{ marginTop: 32, textAlign: 'center' }}>
              <Typography.Text type="secondary">{t('intake.hall.rate.notYours')}</Typography.Text>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'center', marginTop: 8 }}>
                {offered
                  .filter((w) => w.walkInId !== current.walkInId)
                  .map((w) => (
                    <Button key={w.walkInId} onClick={() => setChosenId(w.walkInId)}>
                      {displayQueueNumber(w.queueNo, i18n.language)} {w.nameMasked}
                    </Button>
                  ))}
              </div>
            </div>
          )}
        </>
      )}
    </div>
  );
};
