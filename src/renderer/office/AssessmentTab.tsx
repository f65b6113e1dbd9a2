import { TrophyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Empty, Flex, Form, Input, InputNumber, List, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonModal } from '../app/CancelWithReason.js';
import {
  SIDES,
  officeAssessment,
  officeAssessmentItemAdd,
  officeAssessmentItemCancel,
  officeAwardRecord,
  officeAwards,
  type AwardTitle,
  type PersonScore,
  type ScoreLine,
  type Side,
  type SideScore,
} from '../../shared/office/assessment.js';
import { errorText } from '../app/i18n.js';
import { useCan } from '../app/me.js';
import { ModalForm } from '../app/ModalForm.js';
import { useAction, useMethod } from '../app/query.js';
import type { Names } from '../app/resources.js';
import type { TFunction } from 'i18next';
import { RulesButton, RulesSummary } from './AssessmentRules.js';
import { listText } from '../app/messages.js';

type Grain = 'month' | 'quarter' | 'year';

const periodOf = (grain: Grain, d: Dayjs) =>
  grain === 'month' ? d.format('YYYY-MM') : grain === 'quarter' ? `${d.year()}-Q${Math.floor(d.month() / 3) + 1}` : d.format('YYYY');

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

/** The double-hundred scores of a period with their breakdown, manual items, and the yearly awards. */
export const AssessmentTab = () => {
  const { t } = useTranslation();
  const can = useCan();
  const head = can(officeAssessmentItemAdd);
  const [grain, setGrain] = useState<Grain>('month');
  const [day, setDay] = useState<Dayjs>(dayjs());
  const period = periodOf(grain, day);
  const scores = useMethod(officeAssessment, { period });
  const [adding, setAdding] = useState(false);
  const [cancelling, setCancelling] = useState<ScoreLine | null>(null);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Flex gap={12} wrap align="center">
        <Typography.Text>{t('office.assessment.period')}</Typography.Text>
        <Segmented
          value={grain}
          onChange={(v) => setGrain(v as Grain)}
          options={(['month', 'quarter', 'year'] as const).map((g) => ({ value: g, label: t(`office.assessment.${g}`) }))}
        />
        <DatePicker picker={grain} value={day} allowClear={false} onChange={(d) => d && setDay(d)} data-testid="assessment-period" />
        <Tag data-testid="assessment-period-tag">{period}</Tag>
        {head && (
          <Button onClick={() => setAdding(true)} data-testid="assessment-add-item">
            {t('office.assessment.addItem')}
          </Button>
        )}
        {head && scores.data && <RulesButton rules={scores.data.rules} />}
      </Flex>
      {scores.data && <RulesSummary rules={scores.data.rules} />}
      {scores.error && <Alert type="error" showIcon title={errorText(t, scores.error)} />}
      <Table<PersonScore>
        size="small"
        rowKey="staffId"
        pagination={false}
        loading={scores.isPending}
        dataSource={scores.data?.people ?? []}
        locale={{ emptyText: t('office.assessment.none') }}
        data-testid="assessment-table"
        onRow={(p) => ({ 'data-testid': 'assessment-row', 'data-name': p.name }) as React.HTMLAttributes<HTMLTableRowElement>}
        expandable={{
          expandedRowRender: (p) => <Breakdown person={p} onCancel={head ? setCancelling : undefined} />,
          expandRowByClick: false,
        }}
        columns={[
          { title: t('office.assessment.person'), dataIndex: 'name', width: 120 },
          { title: t('office.assessment.role'), dataIndex: 'role', width: 90, render: (r: Names<'roles'>) => t(`roles.${r}`) },
          ...SIDES.map((side) => ({
            title: t(`office.assessment.${side}`),
            key: side,
            render: (_: unknown, p: PersonScore) => <SideCell side={p[side]} />,
          })),
          { title: t('office.assessment.total'), dataIndex: 'total', width: 130, render: (n: number) => <Typography.Text strong data-testid="assessment-total">{n}</Typography.Text> },
        ]}
      />
      <AwardsCard />
      {adding && scores.data && <ItemModal period={period} people={scores.data.people} onClose={() => setAdding(false)} />}
      {cancelling && <CancelItemModal line={cancelling} onClose={() => setCancelling(null)} />}
    </Space>
  );
};

const lineLabel = (t: TFunction, l: ScoreLine) => (l.source === 'manual' ? (l.reason ?? '') : t(`office.assessment.items.${l.key}`));

/** A side's score with what moved it, always beside the number. */
const SideCell = ({ side }: { side: SideScore }) => {
  const { t } = useTranslation();
  const moved = side.lines.filter((l) => l.points !== 0);
  return (
    <Space size={4} wrap>
      <Typography.Text strong style={{ fontSize: 16 }} data-testid="assessment-score">
        {side.score}
      </Typography.Text>
      {moved.length === 0 ? (
        <Typography.Text type="secondary">{t('office.assessment.noDeduction')}</Typography.Text>
      ) : (
        moved.map((l, i) => (
          <Tag key={i} color={l.points < 0 ? 'red' : 'green'}>
            {lineLabel(t, l)} {signed(l.points)}
          </Tag>
        ))
      )}
    </Space>
  );
};

const Breakdown = ({ person, onCancel }: { person: PersonScore; onCancel?: (l: ScoreLine) => void }) => {
  const { t } = useTranslation();
  return (
    <Row gutter={16} data-testid="assessment-breakdown">
      {SIDES.map((side) => (
        <Col xs={24} md={12} key={side}>
          <Card size="small" title={t('app.labelled', { label: t(`office.assessment.${side}`), value: person[side].score })}>
            <List
              size="small"
              dataSource={person[side].lines}
              renderItem={(l) => (
                <List.Item
                  data-testid={`breakdown-${side}-${l.key}`}
                  extra={
                    l.source === 'manual' && onCancel ? (
                      <Button size="small" onClick={() => onCancel(l)}>
                        {t('office.assessment.cancelItem')}
                      </Button>
                    ) : null
                  }
                >
                  <Flex justify="space-between" style={{ width: '100%' }} gap={8}>
                    <span>
                      {l.source === 'manual' ? <Tag>{t('office.assessment.items.manual')}</Tag> : null}
                      {lineLabel(t, l)}
                      {l.source === 'rule' ? <Tag color="blue">{t('office.assessment.ruleTag')}</Tag> : null}
                      {l.source !== 'manual' && <Typography.Text type="secondary"> {t('app.bracketed', { text: t('office.assessment.rule', { count: l.count, each: l.pointsEach }) })}</Typography.Text>}
                      {l.capped && <Tag color="orange">{t('office.assessment.capped')}</Tag>}
                      {l.recordedBy && (
                        <Typography.Text type="secondary">
                          {' · '}
                          {t(l.source === 'rule' ? 'office.assessment.ruleSetBy' : 'office.assessment.recordedBy', { name: l.recordedBy })}
                        </Typography.Text>
                      )}
                    </span>
                    <Typography.Text strong type={l.points < 0 ? 'danger' : l.points > 0 ? 'success' : 'secondary'}>
                      {signed(l.points)}
                    </Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
};

interface ItemValues {
  staffId?: string;
  side: Side;
  effect: 'deduct' | 'add';
  points?: number;
  reason?: string;
}

const ItemModal = ({ period, people, onClose }: { period: string; people: PersonScore[]; onClose: () => void }) => {
  const { t } = useTranslation();
  const add = useAction(officeAssessmentItemAdd);
  const [form] = Form.useForm<ItemValues>();
  return (
    <ModalForm<ItemValues>
      open
      title={t('app.aside', { text: t('office.assessment.addItem'), aside: period })}
      form={form}
      testId="assessment-item-form"
      initialValues={{ side: 'police', effect: 'deduct' }}
      onCancel={onClose}
      onSubmit={async (v) => {
        await add.mutateAsync({ staffId: v.staffId ?? '', period, side: v.side, effect: v.effect, points: v.points as number, reason: v.reason ?? '' });
        onClose();
      }}
    >
      <Form.Item name="staffId" label={t('office.assessment.person')}>
        <Select data-testid="assessment-item-person" options={people.map((p) => ({ value: p.staffId, label: t('app.aside', { text: p.name, aside: t(`roles.${p.role}`) }) }))} />
      </Form.Item>
      <Flex gap={16}>
        <Form.Item name="side" label={t('office.assessment.side')}>
          <Segmented options={SIDES.map((s) => ({ value: s, label: t(`office.assessment.sides.${s}`) }))} />
        </Form.Item>
        <Form.Item name="effect" label={t('office.assessment.effect')}>
          <Segmented options={(['deduct', 'add'] as const).map((e) => ({ value: e, label: t(`office.assessment.effects.${e}`) }))} />
        </Form.Item>
        <Form.Item name="points" label={t('office.assessment.points')}>
          <InputNumber step={0.5} data-testid="assessment-item-points" />
        </Form.Item>
      </Flex>
      <Form.Item name="reason" label={t('office.assessment.reason')}>
        <Input data-testid="assessment-item-reason" />
      </Form.Item>
    </ModalForm>
  );
};

const CancelItemModal = ({ line, onClose }: { line: ScoreLine; onClose: () => void }) => {
  const { t } = useTranslation();
  const cancel = useAction(officeAssessmentItemCancel);
  return (
    <ReasonModal
      title={t('app.labelled', { label: t('office.assessment.cancelItem'), value: line.reason ?? '' })}
      testId="assessment-cancel-form"
      reasonLabel={t('office.assessment.cancelReason')}
      onClose={onClose}
      onConfirm={(reason) => cancel.mutateAsync({ id: line.itemId ?? '', version: line.version ?? 1, reason })}
    />
  );
};

/** The year's ranking per award, nominations and winners, and who won three times in a row. */
const AwardsCard = () => {
  const { t } = useTranslation();
  const can = useCan();
  const head = can(officeAwardRecord);
  const [year, setYear] = useState(dayjs().year());
  const awards = useMethod(officeAwards, { year });
  const record = useAction(officeAwardRecord);
  const [error, setError] = useState<unknown>(null);
  const mark = (title: AwardTitle, staffId: string, status: 'nominated' | 'winner') =>
    record.mutateAsync({ year, title, staffId, status, note: null }).then(() => setError(null), setError);
  const a = awards.data;
  return (
    <Card
      size="small"
      title={
        <Space>
          <TrophyOutlined />
          {t('office.awards.title')}
        </Space>
      }
      extra={<DatePicker picker="year" value={dayjs(`${year}-01-01`)} allowClear={false} onChange={(d) => d && setYear(d.year())} />}
      data-testid="awards"
    >
      {error ? <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 8 }} /> : null}
      {awards.error && <Alert type="error" showIcon title={errorText(t, awards.error)} />}
      <Row gutter={[12, 12]}>
        {(a?.titles ?? []).map((title) => (
          <Col xs={24} xl={8} key={title.title}>
            <Card size="small" type="inner" title={t(`office.awards.titles.${title.title}`)} data-testid={`award-${title.title}`}>
              <Table
                size="small"
                rowKey="staffId"
                pagination={false}
                dataSource={title.ranking}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
                columns={[
                  { title: t('office.awards.rank'), dataIndex: 'rank', width: 50 },
                  { title: t('office.assessment.person'), dataIndex: 'name' },
                  { title: t('office.assessment.total'), dataIndex: 'total', width: 70 },
                  {
                    title: '',
                    key: 'status',
                    render: (_, r) => {
                      const entry = title.entries.find((e) => e.staffId === r.staffId);
                      return (
                        <Space size={4} wrap>
                          {entry && <Tag color={entry.status === 'winner' ? 'gold' : 'blue'}>{t(`office.awards.statuses.${entry.status}`)}</Tag>}
                          {entry && entry.streak >= 2 && <Tag color="volcano">{t('office.awards.streak', { count: entry.streak })}</Tag>}
                          {head && !entry && (
                            <Button size="small" onClick={() => void mark(title.title, r.staffId, 'nominated')}>
                              {t('office.awards.nominate')}
                            </Button>
                          )}
                          {head && entry?.status !== 'winner' && (
                            <Button size="small" type="primary" onClick={() => void mark(title.title, r.staffId, 'winner')}>
                              {t('office.awards.winner')}
                            </Button>
                          )}
                        </Space>
                      );
                    },
                  },
                ]}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('office.awards.honours')}
      </Typography.Title>
      {a && a.honours.length === 0 ? (
        <Typography.Text type="secondary">{t('office.awards.noHonours')}</Typography.Text>
      ) : (
        <ul data-testid="award-honours">
          {a?.honours.map((h) => (
            <li key={`${h.staffId}-${h.title}-${h.years[0]}`}>
              <TrophyOutlined style={{ color: '#d48806' }} /> {t('office.awards.honour', { name: h.name, title: t(`office.awards.titles.${h.title}`), years: listText(t, h.years.map(String)) })}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
};
