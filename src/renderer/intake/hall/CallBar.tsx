import { DesktopOutlined, LikeOutlined, NotificationOutlined, RedoOutlined, RollbackOutlined, StepForwardOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { intakeCall, intakeCallQueue, intakePutBack, intakeRecall, intakeSkip } from '../../../shared/intake/hall.js';
import type { Route } from '../../../shared/intake/zones.js';
import { isDesktop } from '../../app/api.js';
import { errorText } from '../../app/i18n.js';
import { useAction, useMethod } from '../../app/query.js';
import { displayQueueNumber } from '../../../shared/intake/zones.js';

/**
 * Opens a public screen in a window of its own (the desk PC's second screen): in a browser the
 * window keeps this tab's login; in the desktop app the shell makes the display's window itself.
 */
const openScreen = (path: string, name: string) => window.open(`#${path}`, name, 'popup');

/**
 * The calling desk of a zone: 叫下一位, the numbers called (重呼, 过号), those passed over (重新排队),
 * and the public screens to open. `routes`: the zones the caller serves (one: no choice shown).
 */
export const CallBar = ({ routes, initial }: { routes: readonly Route[]; initial?: Route }) => {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [route, setRoute] = useState<Route>(initial ?? routes[0]);
  const queue = useMethod(intakeCallQueue, { route }, { refetchInterval: 5000 });
  const callNext = useAction(intakeCall);
  const recall = useAction(intakeRecall);
  const skip = useAction(intakeSkip);
  const putBack = useAction(intakePutBack);
  const fail = (err: Error) => void message.error(errorText(t, err));
  // no message on success: the number shows among those called, and a message at the top would
  // lie over this bar for seconds, in the way of the next click

  const walkIns = (queue.data?.walkIns ?? []).filter((w) => w.status === 'waiting');
  const called = walkIns.filter((w) => w.callState === 'called');
  const skipped = walkIns.filter((w) => w.callState === 'skipped');
  const queued = walkIns.filter((w) => w.callState === 'queued');

  return (
    <Card
      size="small"
      title={
        <Space>
          <NotificationOutlined />
          {t('intake.hall.call.title')}
          {routes.length > 1 && (
            <Segmented size="small" value={route} onChange={(v) => setRoute(v as Route)} options={routes.map((r) => ({ value: r, label: t(`intake.routes.${r}`) }))} data-testid="call-route" />
          )}
        </Space>
      }
      extra={
        <Space size={4}>
          <Button size="small" icon={<DesktopOutlined />} onClick={() => openScreen('/hall/display', 'station-hall-display')}>
            {t('intake.hall.call.openDisplay')}
          </Button>
          {/* the desktop app opens the display's window only (the shell refuses any other): its rating screen is a paired tablet */}
          {!isDesktop() && (
            <Button size="small" icon={<LikeOutlined />} onClick={() => openScreen('/hall/rate', 'station-hall-rate')}>
              {t('intake.hall.call.openRating')}
            </Button>
          )}
        </Space>
      }
      data-testid="call-bar"
    >
      <Flex gap={12} wrap align="center">
        <Button
          type="primary"
          icon={<StepForwardOutlined />}
          disabled={queued.length === 0}
          loading={callNext.isPending}
          onClick={() => callNext.mutate({ route }, { onError: fail })}
          data-testid="call-next"
        >
          {t('intake.hall.call.next')}
        </Button>
        <Typography.Text type="secondary">{t('intake.hall.call.waiting', { count: queued.length })}</Typography.Text>
        {queued.slice(0, 6).map((w) => (
          <Button key={w.walkInId} size="small" onClick={() => callNext.mutate({ route, walkInId: w.walkInId }, { onError: fail })}>
            {t('intake.hall.call.callThis')} {displayQueueNumber(w.queueNo, i18n.language)}
          </Button>
        ))}
      </Flex>
      {called.length > 0 && (
        <Flex gap={8} wrap style={{ marginTop: 8 }} data-testid="call-called">
          {called.map((w) => (
            <Space key={w.walkInId} size={4} style={{ border: '1px solid #d6e4ff', borderRadius: 4, padding: '2px 6px' }}>
              <Tag color="blue">{t('intake.hall.call.called')}</Tag>
              <strong>{displayQueueNumber(w.queueNo, i18n.language)}</strong> {w.visitorName}
              <Typography.Text type="secondary">{t('intake.hall.call.calledTimes', { count: w.calls })}</Typography.Text>
              <Button size="small" icon={<RedoOutlined />} onClick={() => recall.mutate({ walkInId: w.walkInId }, { onError: fail })}>
                {t('intake.hall.call.again')}
              </Button>
              <Button size="small" danger onClick={() => skip.mutate({ walkInId: w.walkInId }, { onError: fail })}>
                {t('intake.hall.call.skip')}
              </Button>
            </Space>
          ))}
        </Flex>
      )}
      {skipped.length > 0 && (
        <Flex gap={8} wrap align="center" style={{ marginTop: 8 }} data-testid="call-skipped">
          <Typography.Text type="secondary">{t('intake.hall.call.skippedList')}</Typography.Text>
          {skipped.map((w) => (
            <Button key={w.walkInId} size="small" icon={<RollbackOutlined />} onClick={() => putBack.mutate({ walkInId: w.walkInId }, { onError: fail })}>
              {displayQueueNumber(w.queueNo, i18n.language)} {t('intake.hall.call.putBack')}
            </Button>
          ))}
        </Flex>
      )}
    </Card>
  );
};
