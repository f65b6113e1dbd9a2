import { EyeOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Drawer, Form, Input, Modal, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { collectionResidentGet, collectionReveal } from '../../shared/collection/contract.js';
import { localDateTime } from '../../shared/time.js';
import { call } from '../app/api.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { useMethod } from '../app/query.js';
import { Masked } from './common.js';
import { MoveOutForm, ResidentForm } from './ResidentForm.js';

/** Shows a person's numbers in full after a reason; the core audits it. */
const RevealButton = ({ id }: { id: string }) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const reveal = useMutation({ mutationFn: () => call(collectionReveal, { id, reason }) });
  return (
    <>
      <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid="resident-reveal">
        {t('collection.resident.reveal')}
      </Button>
      <Modal open={open} title={t('collection.resident.reveal')} onCancel={() => (setOpen(false), reveal.reset())} onOk={() => (reveal.data ? setOpen(false) : reveal.mutate())} destroyOnHidden>
        {reveal.data ? (
          <div data-testid="revealed">
            <Alert type="warning" showIcon title={t('collection.resident.revealShown')} style={{ marginBottom: 8 }} />
            <div className="masked">{reveal.data.idNumber}</div>
            <div className="masked">{reveal.data.phone}</div>
          </div>
        ) : (
          <Form layout="vertical">
            <Form.Item label={t('collection.resident.revealReason')} validateStatus={reveal.error ? 'error' : undefined} help={reveal.error ? errorText(t, reveal.error) : undefined}>
              <Input autoFocus value={reason} maxLength={100} onChange={(e) => setReason(e.target.value)} data-testid="reveal-reason" />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </>
  );
};

export const ResidentDrawer = ({ id, onClose }: { id: string | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const r = useMethod(collectionResidentGet, { id: id ?? '' }, { enabled: Boolean(id) });
  const [editing, setEditing] = useState(false);
  const [movingOut, setMovingOut] = useState(false);
  const p = r.data;
  return (
    <Drawer open={Boolean(id)} onClose={onClose} size={560} title={p?.name} data-testid="resident-drawer">
      {r.error && <Alert type="error" title={errorText(t, r.error)} />}
      {p && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            {!p.movedOutOn && <Button onClick={() => setEditing(true)} data-testid="resident-edit">{t('app.edit')}</Button>}
            {!p.movedOutOn && <Button danger onClick={() => setMovingOut(true)} data-testid="resident-move-out">{t('collection.resident.moveOut')}</Button>}
            {can(collectionReveal) && <RevealButton id={p.id} />}
          </Space>
          {p.movedOutOn && <Alert type="info" title={t('collection.resident.movedOut', { date: p.movedOutOn })} description={p.moveOutReason} />}
          {p.careReason && <Alert type="warning" showIcon title={t('collection.resident.underCare')} description={p.careReason} data-testid="resident-under-care" />}
          <Descriptions
            size="small"
            bordered
            column={2}
            data-testid="resident-detail"
            items={[
              { key: 'id', label: t('collection.resident.idNumber'), children: <Masked value={p.idNumberMasked} testId="resident-id-masked" />, span: 2 },
              { key: 'sex', label: t('collection.resident.sex'), children: p.sex ? t(`collection.resident.${p.sex}`) : '—' },
              { key: 'age', label: t('collection.resident.age'), children: p.age ?? '—' },
              { key: 'eth', label: t('collection.resident.ethnicity'), children: p.ethnicity ?? '—' },
              { key: 'cat', label: t('collection.resident.category'), children: t(`collection.categories.${p.category}`) },
              { key: 'phone', label: t('collection.resident.phone'), children: <Masked value={p.phoneMasked} /> },
              { key: 'ver', label: t('collection.resident.verification'), children: t(`collection.verifications.${p.verification}`) },
              { key: 'addr', label: t('collection.resident.address'), children: p.addressText ?? '—', span: 2 },
              { key: 'hukou', label: t('collection.resident.hukouPlace'), children: p.hukouPlace ?? '—', span: 2 },
              { key: 'head', label: t('collection.resident.householdHead'), children: p.householdHeadName ?? '—' },
              { key: 'rel', label: t('collection.resident.relationToHead'), children: p.relationToHead ? t(`collection.relations.${p.relationToHead}`) : '—' },
              { key: 'src', label: t('collection.resident.source'), children: t(`collection.sources.${p.source}`) },
              { key: 'by', label: t('collection.resident.collectedBy'), children: p.collectedBy?.name ?? '—' },
            ]}
          />
          {p.household.length > 0 && (
            <Card size="small" title={t('collection.resident.household')}>
              {p.household.map((h) => (
                <Tag key={h.id}>
                  {h.relationToHead ? t('app.aside', { text: h.name, aside: t(`collection.relations.${h.relationToHead}`) }) : h.name}
                </Tag>
              ))}
            </Card>
          )}
          <Card size="small" title={t('collection.resident.history')} data-testid="resident-history">
            <Timeline
              items={p.history.map((h, i) => ({
                key: i,
                content: (
                  <div>
                    <div>
                      {localDateTime(h.at, me.timeZone)} · {t(`collection.resident.kinds.${h.kind}`)} · {h.by?.name ?? ''}
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {Object.entries(h.changes)
                        .map(([f, [a, b]]) => `${f}: ${a ?? '—'} → ${b ?? '—'}`)
                        .join(t('app.clauseSeparator'))}
                    </Typography.Text>
                  </div>
                ),
              }))}
            />
          </Card>
        </Space>
      )}
      {editing && p && <ResidentForm addressId={p.addressId} resident={p} onClose={() => setEditing(false)} />}
      {movingOut && p && <MoveOutForm resident={p} onClose={() => setMovingOut(false)} />}
    </Drawer>
  );
};
