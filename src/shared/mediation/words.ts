/**
 * Words for the mediation zone's codes that the station's screens and the HQ overview both show;
 * the zone's catalogs and the HQ page take them from here (the English is checked against the Chinese there).
 */
export const DISPUTE_TYPE_WORDS = {
  zh: { neighbour: '邻里纠纷', family: '婚姻家庭', property: '房屋物业', labour: '劳动争议', debt: '债务纠纷', traffic: '交通事故', consumer: '消费纠纷', other: '其他' },
  en: { neighbour: 'Neighbours', family: 'Family', property: 'Property', labour: 'Labour', debt: 'Debt', traffic: 'Traffic', consumer: 'Consumer', other: 'Other' },
};

export const CASE_STATUS_WORDS = {
  zh: {
    registered: '待受理',
    accepted: '已受理',
    declined: '不予受理',
    mediating: '调解中',
    agreed: '已达成协议',
    failed: '调解失败',
    followedUp: '已回访',
    archived: '已归档',
    cancelled: '已撤销',
  },
  en: {
    registered: 'To accept',
    accepted: 'Accepted',
    declined: 'Declined',
    mediating: 'Mediating',
    agreed: 'Agreed',
    failed: 'Failed',
    followedUp: 'Followed up',
    archived: 'Archived',
    cancelled: 'Cancelled',
  },
};
