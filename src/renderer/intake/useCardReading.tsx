import { IdcardOutlined } from '@ant-design/icons';
import { Alert, Flex, Typography } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { intakeCardNext, intakeCardVisitor, type CardEvent, type CardReaderStatus, type CardReading, type CardVisitor } from '../../shared/intake/cardReader.js';
import type { Purpose, Route } from '../../shared/intake/zones.js';
import { localDateTime } from '../../shared/time.js';
import { call } from '../app/api.js';
import { useCan, useMe } from '../app/me.js';
import { displayQueueNumber } from '../../shared/intake/zones.js';

/** What a card (and the visitor's last visit) puts into the registration form. */
export interface CardFill {
  visitorName: string;
  idType: 'resident';
  idNumber: string;
  phone?: string;
  purpose?: Purpose;
  route?: Route;
}

interface Shown {
  reading: CardReading;
  visitor: CardVisitor | null;
  /** the form holds everything the card and the last visit give */
  filled: boolean;
}

/** How long the desk's form waits on the core for the next card, per request. */
const WAIT_MS = 20_000;

/**
 * The front desk's side of the ID card reader: waits on the core for the next card, fills the form
 * with it (and with the returning visitor's last visit), and moves focus to where the next
 * keystroke belongs: the submit for a returning visitor (one Enter registers), the phone for a
 * first visit, neither when the visitor already waits today. Gives the banner that says what
 * happened.
 */
export const useCardReading = ({
  fill,
  focus,
  idNumber,
}: {
  /** `replace`: the card's own fields, replacing what was typed; otherwise added from the last visit */
  fill: (values: Partial<CardFill>, replace: boolean) => void;
  focus: (name: 'phone' | 'submit') => void;
  /** the form's ID number now: the banner goes once the form no longer holds the card's */
  idNumber: string | undefined;
}): ReactNode => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const allowed = can(intakeCardNext);
  const [status, setStatus] = useState<CardReaderStatus | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [failure, setFailure] = useState<Extract<CardEvent, { kind: 'failed' }>['failure'] | null>(null);
  // the form's own functions change each render; the loop calls the current ones
  const latest = useRef({ fill, focus });
  useEffect(() => {
    latest.current = { fill, focus };
  });

  useEffect(() => {
    if (!allowed) return;
    let stopped = false;
    const onReading = async (reading: CardReading) => {
      setFailure(null);
      latest.current.fill({ visitorName: reading.name, idType: 'resident', idNumber: reading.idNumber }, true);
      setShown({ reading, visitor: null, filled: false });
      let visitor: CardVisitor | null = null;
      try {
        visitor = await call(intakeCardVisitor, { readingId: reading.readingId });
      } catch {
        // no lookup (the reading expired, a network hiccup): the card's own fields stay filled
      }
      if (stopped) return;
      const last = visitor?.last;
      // added to what the card filled: the form is not reset again under the desk's eyes
      if (last) latest.current.fill({ ...(last.phone ? { phone: last.phone } : {}), purpose: last.purpose, route: last.route }, false);
      setShown({ reading, visitor, filled: true });
    };
    void (async () => {
      let after: number | undefined;
      while (!stopped) {
        try {
          const next = await call(intakeCardNext, after === undefined ? {} : { after, waitMs: WAIT_MS }, { background: true });
          if (stopped) break;
          setStatus(next.status);
          const event = after === undefined ? null : next.event;
          after = next.seq;
          if (event?.kind === 'reading') await onReading(event.reading);
          else if (event?.kind === 'failed') {
            setFailure(event.failure);
            setShown(null);
          }
        } catch {
          // the core out of reach or the session locked (the frame handles that): try again shortly
          await new Promise((resolve) => window.setTimeout(resolve, 2000));
        }
      }
    })();
    return () => {
      stopped = true;
    };
  }, [allowed]);

  // focus moves once the filled form has rendered (a reset form focuses its first field on mounting)
  const focusFor = shown?.filled ? shown : null;
  useEffect(() => {
    if (!focusFor) return;
    // a visitor already waiting is not given a second number by one stray Enter
    if (focusFor.visitor?.waitingToday) return;
    latest.current.focus(focusFor.visitor?.last ? 'submit' : 'phone');
  }, [focusFor]);

  if (!allowed || !status || status.state === 'off') return null;
  const reading = shown && (idNumber ?? '').trim().toUpperCase() === shown.reading.idNumber ? shown.reading : null;
  const visitor = shown?.visitor;
  return (
    <Flex vertical gap={6} style={{ marginBottom: 12 }}>
      {status.state === 'fault' ? (
        <Alert type="warning" showIcon role="alert" data-testid="card-status" data-state="fault" title={t(`intake.card.fault.${status.fault ?? 'noAnswer'}`)} />
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="card-status" data-state="ready">
          <IdcardOutlined /> {t('intake.card.status.ready')}
        </Typography.Text>
      )}
      {failure && <Alert type="error" showIcon role="alert" data-testid="card-failure" data-failure={failure} title={t(`intake.card.failure.${failure}`)} />}
      {reading && shown && (
        <Alert
          type={visitor?.waitingToday ? 'warning' : 'success'}
          showIcon
          icon={<IdcardOutlined />}
          data-testid="card-banner"
          data-filled={shown.filled ? 'true' : 'false'}
          style={{ padding: '6px 10px' }}
          title={
            <>
              <div>{t('intake.card.read', { name: reading.name })}</div>
              {reading.expired && (
                <Typography.Text type="danger" strong data-testid="card-expired">
                  {t('intake.card.expired', { until: reading.validUntil })}
                </Typography.Text>
              )}
              {visitor?.waitingToday && (
                <div data-testid="card-waiting" role="alert">
                  <Typography.Text strong>
                    {t('intake.card.waitingToday', {
                      queueNo: displayQueueNumber(visitor.waitingToday.queueNo, i18n.language),
                      route: t(`intake.routes.${visitor.waitingToday.route}`),
                      status: t(`intake.statuses.${visitor.waitingToday.status}`),
                    })}
                  </Typography.Text>
                </div>
              )}
              {shown.filled && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {visitor?.last
                    ? t('intake.card.returning', { last: localDateTime(visitor.last.arrivedAt, me.timeZone), visits: visitor.last.visits })
                    : t('intake.card.firstVisit')}
                </Typography.Text>
              )}
            </>
          }
        />
      )}
    </Flex>
  );
};
