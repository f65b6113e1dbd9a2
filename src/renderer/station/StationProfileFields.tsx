import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StationProfile, StationProfileInput } from '../../shared/station/contract.js';
import { DEFAULT_TIME_ZONE } from '../../shared/time.js';

/** The time zones a station in China (and its SARs) picks from. */
export const TIME_ZONES = ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei'] as const;

/** What the profile part of a form holds (antd hands back undefined for untouched fields). */
export interface ProfileValues {
  name?: string;
  code?: string;
  policeArea?: string;
  community?: string;
  grid?: string | null;
  address?: string;
  dutyPhones?: ({ label?: string; number?: string } | undefined)[];
  timeZone?: string;
  hqUrl?: string | null;
  idleLockMinutes?: number | null;
}

export const emptyProfile = (phoneLabel: string): ProfileValues => ({
  dutyPhones: [{ label: phoneLabel, number: '' }],
  timeZone: DEFAULT_TIME_ZONE,
  idleLockMinutes: 10,
});

export const profileValues = (p: StationProfile): ProfileValues => ({
  name: p.name,
  code: p.code,
  policeArea: p.policeArea,
  community: p.community,
  grid: p.grid ?? '',
  address: p.address,
  dutyPhones: p.dutyPhones.map((d) => ({ ...d })),
  timeZone: p.timeZone,
  hqUrl: p.hqUrl ?? '',
  idleLockMinutes: p.idleLockMinutes,
});

/** Form values → the contract's input, every key present so the zod schema names each field. */
export const profileInput = (v: ProfileValues | undefined): StationProfileInput => ({
  name: v?.name ?? '',
  code: v?.code ?? '',
  policeArea: v?.policeArea ?? '',
  community: v?.community ?? '',
  grid: v?.grid ?? null,
  address: v?.address ?? '',
  dutyPhones: (v?.dutyPhones ?? []).map((d) => ({ label: d?.label ?? '', number: d?.number ?? '' })),
  timeZone: v?.timeZone ?? DEFAULT_TIME_ZONE,
  hqUrl: v?.hqUrl ?? null,
  // an emptied field means the default (10 minutes), as the contract says
  idleLockMinutes: v?.idleLockMinutes ?? undefined,
});

const MAX_PHONES = 5;

/**
 * The station profile's fields, shared by first-run setup (under `station.`) and the settings page
 * (at the top level). Field names follow the contract, so the core's field errors land on them.
 */
export const StationProfileFields = ({ prefix = [], autoFocus = false }: { prefix?: string[]; autoFocus?: boolean }) => {
  const { t } = useTranslation();
  const n = (name: string) => [...prefix, name];
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Form.Item name={n('name')} label={t('station.profile.name')} required>
            <Input autoFocus={autoFocus} placeholder={t('station.profile.namePlaceholder')} maxLength={60} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={n('code')} label={t('fields.code')} required>
            <Input placeholder={t('station.profile.codePlaceholder')} maxLength={32} spellCheck={false} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name={n('policeArea')} label={t('fields.policeArea')} required>
            <Input placeholder={t('station.profile.policeAreaPlaceholder')} maxLength={60} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={n('community')} label={t('fields.community')} required>
            <Input placeholder={t('station.profile.communityPlaceholder')} maxLength={60} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={n('grid')} label={t('fields.grid')}>
            <Input placeholder={t('station.profile.gridPlaceholder')} maxLength={60} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name={n('address')} label={t('fields.address')} required>
        <Input placeholder={t('station.profile.addressPlaceholder')} maxLength={120} />
      </Form.Item>
      <Form.Item label={t('fields.dutyPhones')} required extra={t('station.profile.dutyPhonesHint')} style={{ marginBottom: 16 }}>
        <Form.List name={n('dutyPhones')}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, index) => (
                <div key={field.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                  <Form.Item name={[field.name, 'label']} style={{ marginBottom: 8, width: 180 }}>
                    <Input
                      aria-label={t('station.profile.phoneLabelAria', { n: index + 1 })}
                      placeholder={t('station.profile.phoneLabelPlaceholder')}
                      maxLength={20}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'number']} style={{ marginBottom: 8, flex: 1, maxWidth: 280 }}>
                    <Input
                      aria-label={t('station.profile.phoneNumberAria', { n: index + 1 })}
                      placeholder={t('station.profile.phoneNumberPlaceholder')}
                      inputMode="tel"
                      maxLength={24}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    disabled={fields.length <= 1}
                    aria-label={t('station.profile.removePhone', { n: index + 1 })}
                    title={t('station.profile.removePhone', { n: index + 1 })}
                    onClick={() => remove(field.name)}
                  />
                </div>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                disabled={fields.length >= MAX_PHONES}
                onClick={() => add({ label: t('station.profile.phoneLabelDefault'), number: '' })}
                data-testid="add-duty-phone"
              >
                {t('station.profile.addPhone')}
              </Button>
            </>
          )}
        </Form.List>
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name={n('timeZone')} label={t('fields.timeZone')} required>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={TIME_ZONES.map((zone) => ({ value: zone, label: t(`station.timeZones.${zone}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={n('idleLockMinutes')} label={t('fields.idleLockMinutes')} extra={t('station.profile.idleLockHint')}>
            <InputNumber min={1} max={240} precision={0} placeholder="10" suffix={t('station.profile.minutes')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={n('hqUrl')} label={t('fields.hqUrl')} extra={t('station.profile.hqUrlHint')}>
            <Input placeholder={t('station.profile.hqUrlPlaceholder')} spellCheck={false} inputMode="url" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
};
