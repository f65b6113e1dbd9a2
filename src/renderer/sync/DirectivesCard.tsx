import { CheckOutlined, NotificationOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { syncDirectives, syncReadDirective } from '../../shared/sync/contract.js';
import { localDateTime } from '../../shared/time.js';
import { useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';

/**
 * HQ's notices to the station, newest first, each marked read by whoever reads it (the receipt
 * goes to HQ). On the home screen the few newest (`limit`), with the number unread; all of them
 * on the sync page.
 */
export const DirectivesCard = ({ limit, testId = 'directives' }: { limit?: number; testId?: string }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const list = useMethod(syncDirectives, {}, { refetchInterval: limit ? 60_000 : false });
  const read = useAction(syncReadDirective);
  const all = list.data?.directives ?? [];
  const shown = limit ? all.slice(0, limit) : all;
  const unread = list.data?.unread ?? 0;
  return (
    <Card
      size={limit ? 'small' : undefined}
      title={
        <Space>
          {limit && <NotificationOutlined />}
          {t('sync.directives')}
          {limit && unread > 0 && <Badge count={unread} title={t('sync.unread')} />}
        </Space>
      }
      loading={!list.data}
      data-testid={testId}
      style={limit ? { height: '100%' } : undefined}
    >
      {list.data && all.length === 0 ? (
        <Empty image={limit ? Empty.PRESENTED_IMAGE_SIMPLE : undefined} description={t('sync.noDirectives')} />
      ) : (
        <List
          size={limit ? 'small' : undefined}
          dataSource={shown}
          renderItem={(d) => (
            <List.Item
              key={d.id}
              data-testid={`${testId}-item`}
              actions={[
                d.read ? (
                  <Tag icon={<CheckOutlined />} color="success" key="r">
                    {t('sync.markRead')}
                  </Tag>
                ) : (
                  <Button key="r" size="small" onClick={() => read.mutate({ id: d.id })} data-testid={`${testId}-read`}>
                    {t('sync.markRead')}
                  </Button>
                ),
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    {!d.read && <Badge status="processing" text={t('sync.unread')} />}
                    <span data-user-data>{d.title}</span>
                    <Typography.Text type="secondary">{localDateTime(d.issuedAt ?? d.receivedAt, me.timeZone)}</Typography.Text>
                  </Space>
                }
                description={
                  <Space direction="vertical" size={2}>
                    <Typography.Paragraph data-user-data style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} ellipsis={limit ? { rows: 3, expandable: true } : undefined}>
                      {d.body}
                    </Typography.Paragraph>
                    {d.readers.length > 0 && (
                      <Typography.Text type="secondary" data-user-data>
                        {t('sync.readBy', { names: d.readers.map((r) => r.name).join(t('sync.nameSeparator')) })}
                      </Typography.Text>
                    )}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
      {limit && all.length > shown.length && <Typography.Text type="secondary">{t('sync.moreDirectives', { count: all.length - shown.length })}</Typography.Text>}
    </Card>
  );
};
